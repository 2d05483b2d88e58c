package io.matrixmon.core.descriptor;

import io.matrixmon.core.component.Component;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A bundle's rule-tests.yaml (format: matrixmon/components/README.md), checked as far as the file
 * and its bundle can tell: every key against the format ({@link BundleFiles}), then what the keys
 * mean together and against the bundle's component.yaml. An alert fixture is one of the bundle's
 * alerts; a burn scenario tests one of the bundle's objectives, names alerts of the bundle, says
 * when or until when they are checked, carries the labels of the alerts it fires, and fires each at
 * an evaluation of its file after the burn starts. A mistake is reported with its file, line,
 * field and what was expected, as a schema error is; one found only with the chart's values (a
 * placeholder the values lack) is located with {@link #invalid}.
 */
public final class RuleTestsFile {

    private static final String WHAT = "rule tests";

    private final Map<String, Object> fixtures;
    private final Origins origins;

    private RuleTestsFile(Map<String, Object> fixtures, Origins origins) {
        this.fixtures = fixtures;
        this.origins = origins;
    }

    /** The bundle's fixtures, checked; none when it has no rule-tests.yaml. */
    public static Optional<RuleTestsFile> of(Component bundle) {
        return bundle.file(Component.RULE_TESTS).map(text -> read(bundle, text));
    }

    private static RuleTestsFile read(Component bundle, String text) {
        BundleFiles.Document document;
        try {
            document = BundleFiles.read(BundleFiles.ruleTestsSpec(), bundle.origin(Component.RULE_TESTS), text,
                    "deployment, alerts, recording or scenarios");
        } catch (DescriptorException e) {
            throw BundleFiles.invalid(WHAT, e.problems());
        }
        ComponentDeclaration declaration;
        try {
            declaration = ComponentDeclaration.read(bundle);
        } catch (DescriptorException e) {
            throw BundleFiles.invalid("component declaration", e.problems());
        }
        RuleTestsFile file = new RuleTestsFile(document.values(), document.origins());
        List<Problem> problems = new ArrayList<>();
        Deployment.map(file.fixtures.get("alerts")).keySet().forEach(alert -> file.checkAlert(
                Spec.Keys.join("alerts", alert), alert, declaration, problems));
        List<?> scenarios = file.fixtures.get("scenarios") instanceof List<?> list ? list : List.of();
        Map<String, Integer> named = new HashMap<>();
        for (int i = 0; i < scenarios.size(); i++) {
            new BurnScenarioCheck(file.origins, "scenarios[" + i + "]", Deployment.map(scenarios.get(i)), declaration,
                    problems).run();
            Map<String, Object> scenario = Deployment.map(scenarios.get(i));
            Integer earlier = named.putIfAbsent(scenario.get("objective") + "\n" + scenario.get("name"), i);
            if (earlier != null) {
                problems.add(file.origins.problem("scenarios[" + i + "].name", "the objective " + scenario.get("objective")
                        + " has a scenario of this name already (scenarios[" + earlier + "]); expected a name of its"
                        + " own, the row of the README's table of times to page"));
            }
        }
        if (!problems.isEmpty()) {
            throw BundleFiles.invalid(WHAT, problems);
        }
        return file;
    }

    /** The checked fixtures: deployment, alerts, recording, scenarios. */
    public Map<String, Object> fixtures() {
        return fixtures;
    }

    /** A mistake found with the chart's values, at the field (a path such as {@code alerts.RedisDown.failing[0][1]}). */
    public IllegalStateException invalid(String path, String message) {
        return BundleFiles.invalid(WHAT, List.of(origins.problem(path, message)));
    }

    /**
     * A placeholder the chart's values cannot fill, at the first field that holds it under the path
     * being expanded (or anywhere in the file).
     */
    public IllegalStateException unfillable(String within, String placeholder, String message) {
        List<String> fields = new ArrayList<>();
        collect("", fixtures, placeholder, fields);
        String path = fields.stream().filter(field -> field.startsWith(within + ".") || field.startsWith(within + "["))
                .findFirst().orElse(fields.isEmpty() ? within : fields.get(0));
        return invalid(path, message);
    }

    /** The path of a key under a parent, quoted where it is no plain word ({@code recording."job:up:sum"}). */
    public static String field(String parent, String key) {
        return Spec.Keys.join(parent, key);
    }

    /** The fields whose text holds the placeholder. */
    private static void collect(String path, Object node, String placeholder, List<String> fields) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> collect(field(path, String.valueOf(key)), value, placeholder, fields));
        } else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                collect(path + "[" + i + "]", list.get(i), placeholder, fields);
            }
        } else if (node != null && String.valueOf(node).contains(placeholder)) {
            fields.add(path);
        }
    }

    private void checkAlert(String path, String alert, ComponentDeclaration declaration, List<Problem> problems) {
        if (!declaration.alerts().containsKey(alert)) {
            problems.add(origins.problem(path, unknownAlert(alert, declaration)));
        }
    }

    static String unknownAlert(String alert, ComponentDeclaration declaration) {
        Collection<String> alerts = declaration.alerts().keySet();
        return "unknown alert '" + alert + "'" + Spec.Keys.suggestion(alert, alerts) + "; expected an alert of the"
                + " bundle's component.yaml" + (alerts.isEmpty() ? ", which declares none" : "");
    }
}

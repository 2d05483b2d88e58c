package io.matrixmon.core.rules;

import io.matrixmon.core.component.Component;
import io.matrixmon.core.component.Components;
import io.matrixmon.core.descriptor.Durations;
import io.matrixmon.core.descriptor.RuleTestsFile;
import io.matrixmon.core.lint.Manifest;
import io.matrixmon.core.lint.PrometheusRule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * promtool unit tests for every alert and recording rule of a rendered chart, from the fixtures
 * of its component bundle (rule-tests.yaml, format: matrixmon/components/README.md) and the chart's
 * effective values:
 * each alert fires after its {@code for} on failing series with exactly the expected labels and
 * annotations, is silent just before, is silent on healthy series, and a down alert also fires
 * when its target's series are gone altogether.
 */
public final class RuleTestGenerator {

    private static final String DEPLOYMENT = "deployment";
    /** promtool's "a+b" or "a-b": a series that grows or shrinks by b each step. */
    private static final Pattern GROWTH = Pattern.compile("[\\d.][+-]");
    private static final int STEP = 60;
    /** How long the healthy deployment runs, and when every alert is checked silent on it. */
    private static final List<Long> DEPLOYMENT_CHECKS = List.of(1800L, 3600L, 7200L, 10800L);
    private static final int DEPLOYMENT_SAMPLES = (int) (DEPLOYMENT_CHECKS.get(DEPLOYMENT_CHECKS.size() - 1) / STEP) + 5;

    /**
     * The two files promtool needs, how many alerts they test, and the rules without a fixture
     * (a template override can add rules the plugin knows no series for); {@code split} holds the
     * same tests as one pair of files per alert and recorded name (see {@link SplitFiles}).
     */
    public record Files(String rules, String tests, int alertsTested, List<String> untested, SplitFiles split) {
    }

    /** Fixtures by component, read and checked once per generator. */
    private final Map<String, Optional<RuleTestsFile>> fixtures = new HashMap<>();
    private final Components components;

    /** Tests from the fixtures of the bundles the plugin ships. */
    public RuleTestGenerator() {
        this(Components.embedded());
    }

    public RuleTestGenerator(Components components) {
        this.components = components;
    }

    /**
     * @param manifests {@code helm template} output of the chart with the values below
     * @param values the chart's effective values (values.yaml with the install-time values over it)
     */
    @SuppressWarnings("unchecked")
    public Files generate(List<Manifest> manifests, Map<String, Object> values) {
        List<Object> groups = new ArrayList<>();
        List<Object> tests = new ArrayList<>();
        SplitFiles.Builder split = new SplitFiles.Builder();
        List<String> untested = new ArrayList<>();
        List<Object> deployment = new ArrayList<>();
        List<String> alertNames = new ArrayList<>();
        // One test per recorded name and component: the groups of several service-level objectives
        // record the same names, and the test reads them all (its expr tells them apart).
        Set<String> recordsTested = new HashSet<>();
        Map<String, Map<String, PrometheusRule.Rule>> alertRules = new LinkedHashMap<>();
        int alerts = 0;
        for (PrometheusRule manifest : PrometheusRule.of(manifests)) {
            String component = String.valueOf(manifest.component());
            Map<String, Object> fixture = fixturesOf(component);
            if (fixture.get(DEPLOYMENT) instanceof List<?> series) {
                deployment.addAll(filled(component, DEPLOYMENT, () -> series((List<List<String>>) series,
                        new Expander(values, 0), DEPLOYMENT_SAMPLES)));
            } else {
                untested.add("the healthy deployment of " + component);
            }
            for (PrometheusRule.Group group : manifest.groups()) {
                groups.add(group.rendered());
                split.group(component, group);
                for (PrometheusRule.Rule rule : group.rules()) {
                    boolean alert = rule.isAlert();
                    String name = rule.name();
                    Map<String, Object> ruleFixture = ((Map<String, Object>) fixture.getOrDefault(
                            alert ? "alerts" : "recording", Map.of())).get(name) instanceof Map<?, ?> map
                            ? (Map<String, Object>) map : null;
                    if (alert) {
                        alertNames.add(name);
                        alertRules.computeIfAbsent(component, c -> new LinkedHashMap<>()).put(name, rule);
                    }
                    if (ruleFixture == null) {
                        untested.add((alert ? "alert " : "record ") + name);
                    } else if (alert) {
                        List<Object> alertTests = filled(component, RuleTestsFile.field("alerts", name),
                                () -> annotated(component, name, () -> testsOf(rule, ruleFixture, values)));
                        tests.addAll(alertTests);
                        alertTests.forEach(test -> split.alertTest(component, name, test));
                        alerts++;
                    } else if (recordsTested.add(component + " " + name)) {
                        Object test = filled(component, RuleTestsFile.field("recording", name),
                                () -> recordingTest(name, ruleFixture, values));
                        tests.add(test);
                        split.recordTest(component, name, test);
                    }
                }
            }
        }
        alertRules.forEach((component, rules) -> filled(component, "scenarios", () -> BurnScenarios.of(
                (List<Map<String, Object>>) fixturesOf(component).getOrDefault("scenarios", List.of()), rules, values))
                .forEach(scenario -> split.scenario(component, scenario)));
        Object deploymentTest = null;
        if (!deployment.isEmpty()) {
            deploymentTest = deploymentTest(deployment, alertNames);
            tests.add(deploymentTest);
        }
        return new Files(dump(Map.of("groups", groups)), dump(testFile(List.of("rules.yaml"), tests)), alerts,
                List.copyOf(untested), split.build(deploymentTest));
    }

    /** A promtool test file: the rule files it evaluates, one-minute evaluation, the tests. */
    static Map<String, Object> testFile(List<String> ruleFiles, List<Object> tests) {
        return testFile(ruleFiles, tests, "1m");
    }

    /** A promtool test file evaluating its rules at the interval. */
    static Map<String, Object> testFile(List<String> ruleFiles, List<Object> tests, String evaluationInterval) {
        Map<String, Object> testFile = new LinkedHashMap<>();
        testFile.put("rule_files", ruleFiles);
        testFile.put("evaluation_interval", evaluationInterval);
        testFile.put("tests", tests);
        return testFile;
    }

    /** A bundle's fixtures, checked: a misspelt key would otherwise be a test that silently tests less. */
    private Map<String, Object> fixturesOf(String component) {
        return fileOf(component).map(RuleTestsFile::fixtures).orElse(Map.of());
    }

    private Optional<RuleTestsFile> fileOf(String component) {
        return fixtures.computeIfAbsent(component, name -> components.get(name).flatMap(RuleTestsFile::of));
    }

    /**
     * An alert's tests, whose expected annotations the generator renders as Prometheus would; a
     * template form it cannot render fails with the alert and annotation, in the bundle's rules.
     */
    private <T> T annotated(String component, String alert, Supplier<T> tests) {
        try {
            return tests.get();
        } catch (IllegalArgumentException e) {
            String where = components.get(component).map(bundle -> bundle.origin(Component.RULES)
                    + bundle.file(Component.RULES).map(text -> lineOf(text, "\"" + alert + "\"")).orElse(""))
                    .orElse("the rules of " + component);
            throw new IllegalStateException("Invalid alert " + where + ": " + alert + ", " + e.getMessage()
                    + "; the rule tests render $labels.x (| urlquery), $value (| humanize, humanize1024,"
                    + " humanizePercentage, humanizeDuration, humanizeTimestamp) and if $labels.x ... else ... end", e);
        }
    }

    /** ":line" of the first line holding the text (the alert's name, quoted as the alert macro takes it), or nothing. */
    private static String lineOf(String text, String needle) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(needle)) {
                return ":" + (i + 1);
            }
        }
        return "";
    }

    /**
     * Tests made from the fixtures under a path of the component's rule-tests.yaml; a placeholder the
     * chart's values cannot fill fails with the file, line and field that has it.
     */
    private <T> T filled(String component, String within, Supplier<T> tests) {
        try {
            return tests.get();
        } catch (Expander.Unfillable e) {
            throw fileOf(component).map(file -> e.key() != null ? file.invalid(within + "." + e.key(), e.getMessage())
                    : file.unfillable(within, e.placeholder(), e.getMessage())).orElseThrow(() -> e);
        }
    }

    @SuppressWarnings("unchecked")
    private List<Object> testsOf(PrometheusRule.Rule rule, Map<String, Object> fixture, Map<String, Object> values) {
        String name = rule.alert();
        Map<String, Object> alert = (Map<String, Object>) ((Map<String, Object>) values.get("alerts")).get(name);
        double threshold = alert.get("threshold") == null ? 0 : Double.parseDouble(String.valueOf(alert.get("threshold")));
        Expander expander = new Expander(values, threshold);
        long forSeconds = Durations.toMillis(rule.forDuration() == null ? "0s" : rule.forDuration()) / 1000;
        long startsAt = (long) expander.number(fixture, "startsAt");
        long fire = startsAt + forSeconds + 2 * STEP;
        int samples = (int) (fire / STEP) + 5;
        Map<String, String> ruleLabels = rule.labels();
        Map<String, String> annotations = rule.annotations();
        double value = expander.number(fixture, "value");

        List<Object> tests = new ArrayList<>();
        List<Object> failing = series((List<List<String>>) fixture.get("failing"), expander, samples);
        List<Object> checks = new ArrayList<>();
        if (forSeconds >= 2 * STEP) {
            checks.add(check(name, startsAt + forSeconds - STEP, new ArrayList<>()));
        }
        Map<String, String> labels = expander.labels((Map<String, Object>) fixture.get("labels"), ruleLabels);
        checks.add(check(name, fire, List.of(expected(labels, annotations, value))));
        tests.add(test(name + " fires after " + rule.forDuration() + " on failing series", failing, checks));
        tests.add(test(name + " stays silent on healthy series",
                series((List<List<String>>) fixture.get("healthy"), expander, samples),
                List.of(check(name, fire, new ArrayList<>()))));
        if (fixture.get("gone") != null) {
            Map<String, String> goneLabels = expander.labels((Map<String, Object>) fixture.get("gone"), ruleLabels);
            tests.add(test(name + " fires when the target is gone from discovery",
                    series((List<List<String>>) fixture.getOrDefault("goneSeries", List.of()), expander, samples),
                    List.of(check(name, forSeconds + 2 * STEP, List.of(expected(goneLabels, annotations, 1))))));
        }
        return tests;
    }

    /**
     * Every alert of the chart stays silent over the healthy deployments of all its components at
     * once, for three hours: the test an alert that pages a healthy system fails.
     */
    private static Object deploymentTest(List<Object> series, List<String> alerts) {
        List<Object> checks = new ArrayList<>();
        for (long at : DEPLOYMENT_CHECKS) {
            alerts.forEach(alert -> checks.add(check(alert, at, new ArrayList<>())));
        }
        return test("every alert stays silent on the healthy deployment of every component", series, checks);
    }

    /**
     * The recording rule records the expected samples at 10m from its fixture's series; expr, when
     * the fixture has one, reads them instead of the bare name (one objective's series among the
     * same record of every objective, rounded where a ratio is not exact in binary).
     */
    @SuppressWarnings("unchecked")
    private Object recordingTest(String record, Map<String, Object> fixture, Map<String, Object> values) {
        Expander expander = new Expander(values, 0);
        List<Object> samples = new ArrayList<>();
        for (List<Object> expected : (List<List<Object>>) fixture.get("expect")) {
            Map<String, Object> sample = new LinkedHashMap<>();
            sample.put("labels", expander.text(String.valueOf(expected.get(0))));
            sample.put("value", expected.get(1));
            samples.add(sample);
        }
        Map<String, Object> check = new LinkedHashMap<>();
        check.put("expr", fixture.get("expr") == null ? record : expander.text(String.valueOf(fixture.get("expr"))));
        check.put("eval_time", "10m");
        check.put("exp_samples", samples);
        Map<String, Object> test = new LinkedHashMap<>();
        test.put("name", record + " records the expected samples");
        test.put("interval", STEP + "s");
        test.put("input_series", series((List<List<String>>) fixture.get("series"), expander, 15));
        test.put("promql_expr_test", List.of(check));
        return test;
    }

    private static Map<String, Object> expected(Map<String, String> labels, Map<String, String> annotations,
            double value) {
        Map<String, String> rendered = new LinkedHashMap<>();
        annotations.forEach((key, text) -> {
            try {
                rendered.put(key, AlertText.render(text, labels, value));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("annotation " + key + ": " + e.getMessage(), e);
            }
        });
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("exp_labels", labels);
        expected.put("exp_annotations", rendered);
        return expected;
    }

    private static Map<String, Object> check(String alert, long at, List<Object> alerts) {
        Map<String, Object> check = new LinkedHashMap<>();
        check.put("eval_time", at + "s");
        check.put("alertname", alert);
        check.put("exp_alerts", alerts);
        return check;
    }

    private static Map<String, Object> test(String name, List<Object> series, List<Object> checks) {
        Map<String, Object> test = new LinkedHashMap<>();
        test.put("name", name);
        test.put("interval", STEP + "s");
        test.put("input_series", series);
        test.put("alert_rule_test", checks);
        return test;
    }

    static List<Object> series(List<List<String>> definitions, Expander expander, int samples) {
        List<Object> series = new ArrayList<>();
        for (List<String> definition : definitions) {
            String values = expander.text(definition.get(1));
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("series", expander.text(definition.get(0)));
            entry.put("values", repeated(values, samples));
            series.add(entry);
        }
        return series;
    }

    /**
     * The values with their last segment repeated for the test's length ("5" and "0+60" repeat,
     * "1 2 3" repeats 3); a last segment that says how often it repeats ("10800x10") is kept, so a
     * sequence such as "0x59 3600x60" is used as written.
     */
    private static String repeated(String values, int samples) {
        int start = values.lastIndexOf(' ') + 1;
        String last = values.substring(start);
        if (last.contains("x")) {
            return values;
        }
        return values.substring(0, start) + (GROWTH.matcher(last).find() ? last : last + "+0") + "x" + samples;
    }

    static String dump(Object document) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setWidth(Integer.MAX_VALUE);
        return new Yaml(options).dump(document);
    }
}

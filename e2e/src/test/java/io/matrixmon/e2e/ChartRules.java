package io.matrixmon.e2e;

import io.matrixmon.core.descriptor.ComponentDeclaration;
import io.matrixmon.core.descriptor.DescriptorException;
import io.matrixmon.core.descriptor.DescriptorLoader;
import io.matrixmon.core.helm.HelmCharts;
import io.matrixmon.core.lint.Manifest;
import io.matrixmon.core.lint.PrometheusRule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The rules of the built chart, as a user gets them: {@code helm template} of the chart archive
 * with install-time values, the PrometheusRules' groups gathered into one Prometheus rules file.
 */
final class ChartRules {

    /**
     * The service-level objectives switched on. The suite's values switch them off (see
     * suite-values.yaml); the healthy stack, which starts the suite, is checked with them on (SharedStack).
     */
    static final Map<String, Object> WITH_OBJECTIVES = new LinkedHashMap<>();

    static {
        for (String objective : defaultObjectives()) {
            WITH_OBJECTIVES.put("slos." + objective + ".enabled", true);
        }
    }

    /** The alerts the bundle of a component declares (every bundle's for null). */
    static List<String> alertsOf(String component) {
        return new ArrayList<>(declaredAlerts(component).keySet());
    }

    /** Each alert a bundle of the component (every bundle's for null) declares, with its defaults. */
    static Map<String, ComponentDeclaration.AlertDefaults> declaredAlerts(String component) {
        Map<String, ComponentDeclaration.AlertDefaults> alerts = new LinkedHashMap<>();
        for (ComponentDeclaration declaration : new DescriptorLoader().declarations().components()) {
            if (component == null || declaration.name().equals(component)) {
                alerts.putAll(declaration.alerts());
            }
        }
        return alerts;
    }

    /** Every service of the default deployment: a component added later is switched off too. */
    static Set<String> defaultServices() {
        return defaultSection("services");
    }

    /** Every service-level objective of the default deployment. */
    static Set<String> defaultObjectives() {
        return defaultSection("slos");
    }

    private static Set<String> defaultSection(String name) {
        try {
            return new DescriptorLoader().load((String) null, "default").section(name).keySet();
        } catch (DescriptorException e) {
            throw new IllegalStateException(e);
        }
    }

    private final Map<String, Object> values;
    private final String manifests;
    private final List<PrometheusRule.Group> groups = new ArrayList<>();
    private final Map<String, String> dashboards = new LinkedHashMap<>();
    ChartRules(Path chart) {
        this(chart, Map.of());
    }

    /**
     * The chart installed with the suite's values file and some more (--set), e.g. an alert's
     * lowered threshold; the components the run does not start switched off whatever they say.
     */
    ChartRules(Path chart, Map<String, Object> moreValues) {
        this.values = new LinkedHashMap<>(moreValues);
        values.putAll(SuiteValues.notStarted());
        manifests = HelmCharts.template(chart, "e2e", "monitoring", values, SuiteValues.file());
        for (Manifest manifest : Manifest.parse(manifests)) {
            if (manifest.kind().equals(PrometheusRule.KIND)) {
                groups.addAll(PrometheusRule.of(manifest).groups());
            } else if (manifest.kind().equals("ConfigMap") && manifest.object().get("data") instanceof Map<?, ?> data) {
                data.forEach((file, json) -> {
                    if (String.valueOf(file).endsWith(".json")) {
                        dashboards.put(String.valueOf(file), String.valueOf(json));
                    }
                });
            }
        }
    }

    /**
     * The panel queries of one dashboard (matrixmon-&lt;name&gt;.json) as Grafana would send them
     * with "All" selected: every template variable matches anything.
     */
    Map<String, String> panelQueries(String dashboard) {
        String json = dashboards.get("matrixmon-" + dashboard + ".json");
        if (json == null) {
            throw new IllegalStateException("the chart has no dashboard " + dashboard + ": " + dashboards.keySet());
        }
        Map<String, String> queries = new LinkedHashMap<>();
        io.matrixmon.core.lint.Dashboards.expressions(json)
                .forEach((panel, expr) -> queries.put(panel, expr.replaceAll("\\$\\w+", ".*")));
        return queries;
    }

    /** The install-time values beside the suite's values file (--set), for helm install and upgrade. */
    Map<String, Object> values() {
        return values;
    }

    /** All rendered objects, as helm template printed them. */
    String manifests() {
        return manifests;
    }

    /** The rules file Prometheus loads. */
    String rulesFile() {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return new Yaml(options).dump(PrometheusRule.ruleFile(groups));
    }

    /** Names of the recording rules, for the check that each returns data. */
    List<String> recordingRules() {
        return rules().map(PrometheusRule.Rule::record).filter(java.util.Objects::nonNull).toList();
    }

    /** The names of the alerting rules. */
    List<String> alertNames() {
        return rules().filter(PrometheusRule.Rule::isAlert).map(PrometheusRule.Rule::alert).toList();
    }

    /** The expressions of the alerting rules. */
    List<String> alertExpressions() {
        return rules().filter(PrometheusRule.Rule::isAlert).map(rule -> String.valueOf(rule.expr())).toList();
    }

    private Stream<PrometheusRule.Rule> rules() {
        return groups.stream().flatMap(group -> group.rules().stream());
    }

    /** The chart archive the build produced next to the chart directory, or the directory itself. */
    static Path builtChart(Path chartDirectory) {
        try (Stream<Path> siblings = Files.list(chartDirectory.getParent())) {
            return siblings.filter(p -> p.getFileName().toString().startsWith(chartDirectory.getFileName() + "-")
                    && p.getFileName().toString().endsWith(".tgz")).findFirst().orElse(chartDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path path : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                    Files.delete(path);
                }
            }
        }
    }
}

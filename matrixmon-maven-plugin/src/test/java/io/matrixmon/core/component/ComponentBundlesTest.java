package io.matrixmon.core.component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.matrixmon.core.helm.HelmCharts;
import io.matrixmon.core.lint.CatalogCheck;
import io.matrixmon.core.lint.Manifest;
import io.matrixmon.core.lint.MetricCatalog;
import io.matrixmon.core.lint.PrometheusRule;
import io.matrixmon.core.render.Charts;
import io.matrixmon.core.rules.RuleTestGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

/**
 * Every bundle's every alert has a rule in the chart, a promtool fixture, a runbook page (which the
 * chart's runbook dashboard carries as the alert's panel) and catalogued metrics; every bundle's dashboard ships and reads catalogued metrics only. For the
 * shipped bundles, and with the throw-away copy of test resources added (a new component needs
 * no Java and no test edit).
 */
class ComponentBundlesTest {

    @TempDir
    static Path dir;

    static Stream<Arguments> bundleSets() {
        return Stream.of(Arguments.of("shipped", Components.embedded(), List.of(Bundles.RUNBOOKS)),
                Arguments.of("shipped + throw-away", Bundles.withThrowaway(),
                        List.of(Bundles.RUNBOOKS, Bundles.THROWAWAY_RUNBOOKS)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bundleSets")
    void everyAlertHasARuleAFixtureARunbookAndCataloguedMetrics(String name, Components components,
            List<Path> runbooks) throws Exception {
        Path chart = HelmCharts.copyAllEnabled(Charts.render(null, Files.createTempDirectory(dir, "chart"), components),
                Files.createTempDirectory(dir, "enabled"));
        List<Manifest> manifests = Charts.template(chart, Map.of());
        Map<String, Object> values = new Yaml().load(Files.readString(chart.resolve("values.yaml")));
        RuleTestGenerator.Files tests = new RuleTestGenerator(components).generate(manifests, values);
        CatalogCheck catalog = new CatalogCheck(MetricCatalog.of(components));
        Map<String, String> runbookPanels = runbookPanels(manifests);
        List<String> problems = new ArrayList<>();
        for (Component component : components.all()) {
            List<Manifest> rules = manifests.stream().filter(m -> m.kind().equals(PrometheusRule.KIND)
                    && component.name().equals(PrometheusRule.of(m).component())).toList();
            List<String> declared = Bundles.alerts(components, component.name());
            List<String> rendered = PrometheusRule.rules(PrometheusRule.of(rules)).stream()
                    .filter(PrometheusRule.Rule::isAlert).map(PrometheusRule.Rule::alert).toList();
            if (!new TreeSet<>(rendered).equals(new TreeSet<>(declared)) || rendered.size() != declared.size()) {
                problems.add(component.name() + ": declares the alerts " + declared + ", its rules have " + rendered);
            }
            for (String alert : declared) {
                if (!tests.tests().contains("name: " + alert + " fires after ")) {
                    problems.add(component.name() + ": " + alert + " has no fixture in " + Component.RULE_TESTS);
                }
                List<Path> pages = runbooks.stream().map(folder -> folder.resolve(alert + ".md"))
                        .filter(Files::isRegularFile).toList();
                if (pages.size() != 1) {
                    problems.add(component.name() + ": " + alert + " has " + pages.size() + " runbook pages "
                            + alert + ".md in " + runbooks);
                } else if (!Files.readString(pages.get(0)).equals(runbookPanels.get(alert))) {
                    problems.add(component.name() + ": " + alert + "'s panel on the chart's runbook dashboard is not"
                            + " its page " + pages.get(0));
                }
            }
            catalog.check(rules).forEach(finding -> problems.add(component.name() + ": " + finding));
            boolean dashboard = Bundles.dashboards(components).contains(component.name());
            boolean shipped = manifests.stream().anyMatch(m -> m.kind().equals("ConfigMap")
                    && m.name().endsWith("-dashboard-" + component.name()));
            if (dashboard != shipped) {
                problems.add(component.name() + ": dashboard: " + dashboard + " but the chart "
                        + (shipped ? "ships" : "lacks") + " its ConfigMap");
            }
        }
        problems.addAll(tests.untested().stream().map(rule -> rule + " has no fixture").toList());
        catalog.checkDashboards(manifests).forEach(finding -> problems.add(finding.toString()));
        assertEquals(List.of(), problems);
        assertEquals(Bundles.allAlerts(components).size(), tests.alertsTested());
        assertTrue(tests.alertsTested() > 0);
    }

    /** The markdown of each panel of the chart's runbook dashboard, by panel title (the alert). */
    private static Map<String, String> runbookPanels(List<Manifest> manifests) throws Exception {
        Manifest configMap = manifests.stream().filter(m -> m.kind().equals("ConfigMap")
                && m.name().endsWith("-dashboard-" + Components.RUNBOOK_DASHBOARD)).findFirst().orElseThrow();
        Map<String, String> panels = new java.util.HashMap<>();
        for (JsonNode panel : new ObjectMapper().readTree(String.valueOf(((Map<?, ?>) configMap.object().get("data"))
                .get("matrixmon-" + Components.RUNBOOK_DASHBOARD + ".json"))).path("panels")) {
            panels.put(panel.path("title").asText(), panel.path("options").path("content").asText());
        }
        return panels;
    }
}

package io.matrixmon.core.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.matrixmon.core.component.Bundles;
import io.matrixmon.core.component.Component;
import io.matrixmon.core.component.Components;
import io.matrixmon.core.lint.Dashboards;
import io.matrixmon.core.lint.Manifest;
import io.matrixmon.core.lint.PrometheusRule;
import io.matrixmon.core.render.Charts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * promtool of every pinned Prometheus (scripts/tools.pins) accepts the
 * rule groups of the rendered chart after helm template, with default values and with every
 * component enabled and thresholds changed at install time.
 */
class PromtoolCheckRulesIT {

    @TempDir
    Path dir;

    @Test
    void promtoolAcceptsTheRulesWithDefaultValues() throws Exception {
        assertEquals("", promtoolCheck(Map.of()));
    }

    @Test
    void promtoolAcceptsTheRulesWithTunedValues() throws Exception {
        assertEquals("", promtoolCheck(Map.of("coturn.enabled", true, "alerts.SynapseHighCPU.threshold", "1.5",
                "alerts.RedisDown.for", "30s", "additionalAlertLabels.cluster", "prod",
                "postgresql.clusters.matrix-postgresql-li.enabled", false)));
    }

    /**
     * Every panel and annotation expression of every dashboard is valid PromQL: each becomes a recording rule of a
     * scratch file, with Grafana's variables ($job, ${worker_type}) replaced by a regex.
     */
    @Test
    @SuppressWarnings("unchecked")
    void promtoolAcceptsEveryDashboardPanelExpression() throws Exception {
        List<Object> rules = new ArrayList<>();
        int dashboards = 0;
        for (Manifest manifest : Charts.template(Charts.defaultChart(), Map.of())) {
            if (manifest.kind().equals("ConfigMap") && manifest.name().contains("-dashboard-")) {
                dashboards++;
                for (Object json : ((Map<String, Object>) manifest.object().get("data")).values()) {
                    List<String> queries = new ArrayList<>(Dashboards.expressions((String) json).values());
                    queries.addAll(Dashboards.annotations((String) json).values());
                    queries.forEach(expr -> rules.add(Map.of(
                            "record", "panel:expression:" + rules.size(),
                            "expr", expr.replaceAll("\\$\\{?\\w+}?", ".+"))));
                }
            }
        }
        // the components' dashboards and the runbook dashboard, whose text panels have no expression
        assertEquals(Bundles.dashboards(Components.embedded()).size() + 1, dashboards);
        assertTrue(rules.size() >= 3 * (dashboards - 1), "panels of the dashboards: " + rules.size());
        assertEquals("", promtoolCheck(List.of(Map.of("name", "dashboard-panels", "rules", rules))));
    }

    @Test
    void aBrokenPanelExpressionIsCaught() throws Exception {
        assertTrue(promtoolCheck(List.of(Map.of("name", "broken", "rules", List.of(Map.of("record", "x:y:z",
                "expr", "sum by (job) (rate(up[5m])"))))).contains("parse error"));
    }

    /** promtool's complaints; empty when it accepts every rule group of the chart. */
    private String promtoolCheck(Map<String, ?> values) throws IOException {
        List<PrometheusRule.Group> groups = PrometheusRule.groups(PrometheusRule.of(
                Charts.template(Charts.defaultChart(), values)));
        List<String> names = groups.stream().map(PrometheusRule.Group::name).toList();
        for (Component component : Components.embedded().all()) {
            if (component.has(Component.RULES)) {
                assertTrue(names.containsAll(List.of("matrixmon." + component.name() + ".recording",
                        "matrixmon." + component.name() + ".alerts")), "a recording and an alerting group: " + names);
            }
        }
        return promtoolCheck(groups.stream().map(PrometheusRule.Group::rendered).toList());
    }

    /** promtool's complaints about the groups; empty when it accepts them. */
    private String promtoolCheck(List<?> groups) throws IOException {
        Path rules = dir.resolve("rules.yml");
        Files.writeString(rules, new Yaml().dump(Map.of("groups", groups)));
        Promtool.Outcome outcome = Promtool.run(dir, "check", "rules", rules.toString());
        boolean accepted = outcome.runs().stream().allMatch(run -> run.exit() == 0 && run.output().contains("SUCCESS"));
        return accepted ? "" : outcome.report();
    }
}

package io.matrixmon.core.render;

import io.matrixmon.core.TestThreads;
import static io.matrixmon.core.render.Charts.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.matrixmon.core.component.Bundles;
import io.matrixmon.core.component.Components;
import io.matrixmon.core.lint.CatalogCheck;
import io.matrixmon.core.lint.ChartLinter;
import io.matrixmon.core.lint.Dashboards;
import io.matrixmon.core.lint.Finding;
import io.matrixmon.core.lint.Manifest;
import io.matrixmon.core.lint.MetricCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboards: sidecar ConfigMaps, valid Grafana JSON, switchable, catalog metrics only. */
class DashboardsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<Manifest> dashboards(Map<String, ?> values) {
        return Charts.template(Charts.defaultChart(), values).stream()
                .filter(m -> m.kind().equals("ConfigMap") && m.name().contains("-dashboard-")).toList();
    }

    @Test
    void aDashboardForTheGrafanaSidecarPerBundleWithOne() throws Exception {
        List<Manifest> dashboards = dashboards(Map.of());
        List<String> expected = new java.util.ArrayList<>(Bundles.dashboards(Components.embedded()));
        expected.add(Components.RUNBOOK_DASHBOARD);
        assertEquals(expected.stream().sorted().toList(), dashboards.stream()
                .map(m -> m.name().substring(m.name().indexOf("-dashboard-") + 11)).sorted().toList());
        Set<String> uids = new HashSet<>();
        for (Manifest dashboard : dashboards) {
            assertEquals("1", at(dashboard, "metadata.labels.grafana_dashboard"));
            assertEquals("Matrix", at(dashboard, "metadata.annotations.grafana_folder"));
            @SuppressWarnings("unchecked")
            Map<String, String> data = (Map<String, String>) at(dashboard, "data");
            assertEquals(1, data.size());
            JsonNode json = JSON.readTree(data.values().iterator().next());
            assertTrue(json.path("uid").asText().startsWith("matrixmon-"), json.path("uid").asText());
            assertTrue(uids.add(json.path("uid").asText()), "uids are unique");
            assertEquals(39, json.path("schemaVersion").asInt());
            if (json.path("uid").asText().equals("matrixmon-runbooks")) {
                // text panels only (their pages: RunbookLinksTest): no query, no datasource
                assertEquals(Bundles.allAlerts(Components.embedded()).size(), json.path("panels").size());
                json.path("panels").forEach(panel -> assertEquals("text", panel.path("type").asText()));
                assertEquals(Map.of(), Dashboards.expressions(data.values().iterator().next()));
                continue;
            }
            assertEquals("datasource", json.path("templating").path("list").get(0).path("type").asText());
            for (JsonNode panel : json.path("panels")) {
                assertEquals("${datasource}", panel.path("datasource").path("uid").asText(), panel.toString());
                assertTrue(panel.path("gridPos").has("w"), panel.path("title").asText());
            }
            assertTrue(Dashboards.expressions(data.values().iterator().next()).size() >= 3);
        }
    }

    /**
     * Every Synapse panel follows the worker type chosen, and none selects on job, which the job modes
     * (synapseWorkers.jobLabel) change; every PostgreSQL panel follows the cluster or instance chosen.
     */
    @Test
    void panelsFollowTheVariablesAndNotTheJobMode() throws Exception {
        Map<String, String> synapse = Dashboards.expressions(Files.readString(
                Charts.defaultChart().resolve("files/dashboards/synapse.json")));
        assertTrue(synapse.size() >= 30, synapse.keySet()::toString);
        synapse.forEach((panel, expr) -> {
            assertTrue(expr.contains("worker_type=~\"$worker_type\"")
                    && expr.contains("matrix_instance=~\"$matrix_instance\""), panel + ": " + expr);
            assertFalse(expr.matches("(?s).*\\bjob\\s*(=|!=|=~|!~).*"), panel + ": " + expr);
        });
        Dashboards.expressions(Files.readString(Charts.defaultChart().resolve("files/dashboards/postgresql.json")))
                .forEach((panel, expr) -> assertTrue(expr.contains("$cluster") || expr.contains("$instance"),
                        panel + ": " + expr));
    }

    @Test
    void dashboardsAreSwitchable() {
        int all = Bundles.dashboards(Components.embedded()).size() + 1;
        assertEquals(all - 1, dashboards(Map.of("grafana.dashboards.redis.enabled", false)).size());
        assertEquals(all - 1, dashboards(Map.of("grafana.dashboards.key-vault.enabled", false)).size());
        // the runbook links need the runbook dashboard unless they point elsewhere (RunbookLinksTest)
        String elsewhere = "https://wiki.example.org/runbooks";
        assertEquals(all - 1, dashboards(Map.of("grafana.dashboards.runbooks.enabled", false,
                "runbookBaseUrl", elsewhere)).size());
        assertEquals(0, dashboards(Map.of("grafana.dashboards.enabled", false, "runbookBaseUrl", elsewhere)).size());
        assertEquals("Chat", at(dashboards(Map.of("grafana.dashboards.folder", "Chat")).get(0),
                "metadata.annotations.grafana_folder"));
    }

    @Test
    void panelsUseOnlyCatalogMetricsAndRecordingRules() {
        List<Manifest> all = Charts.template(Charts.defaultChart(), Map.of());
        assertEquals(List.of(), new CatalogCheck(MetricCatalog.load()).checkDashboards(all));
        Manifest broken = new Manifest("x", Map.of("kind", "ConfigMap", "metadata", Map.of("name", "d",
                "labels", Map.of("grafana_dashboard", "1")), "data", Map.of("matrixmon-redis.json",
                "{\"panels\": [{\"title\": \"T\", \"targets\": [{\"refId\": \"A\", \"expr\": \"redis_nope\"}]}]}")));
        assertEquals("x: dashboard matrixmon-redis.json: panel T A: metric redis_nope is not in the redis catalog",
                new CatalogCheck(MetricCatalog.load()).checkDashboards(List.of(broken)).get(0).toString());
        Manifest annotated = new Manifest("x", Map.of("kind", "ConfigMap", "metadata", Map.of("name", "d",
                "labels", Map.of("grafana_dashboard", "1")), "data", Map.of("matrixmon-redis.json",
                "{\"annotations\": {\"list\": [{\"name\": \"Restarts\", \"expr\": \"changes(redis_nope[5m])\"}]}}")));
        assertEquals("x: dashboard matrixmon-redis.json: annotation Restarts: metric redis_nope is not in the redis"
                + " catalog", new CatalogCheck(MetricCatalog.load()).checkDashboards(List.of(annotated)).get(0).toString());
    }

    @Test
    void lintRejectsAPanelMetricTheExporterDoesNotHave(@TempDir Path scratch) throws Exception {
        Path chart = scratch.resolve("chart");
        try (Stream<Path> files = Files.walk(Charts.defaultChart())) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = chart.resolve(Charts.defaultChart().relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        Path redis = chart.resolve("files/dashboards/redis.json");
        Files.writeString(redis, Files.readString(redis).replace("redis_connected_clients", "redis_clients_connected"));
        List<Finding> findings = new ChartLinter().lint(chart, scratch.resolve("lint"), TestThreads.SHARED).findings();
        assertEquals(List.of("files/dashboards/: dashboard redis.json: panel Connected clients A: metric"
                + " redis_clients_connected is not in the redis catalog"),
                findings.stream().map(Finding::toString).toList());
    }
}

package io.matrixmon.core.render;

import static io.matrixmon.core.render.Charts.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.matrixmon.core.component.Bundles;
import io.matrixmon.core.component.Components;
import io.matrixmon.core.lint.Manifest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every alert of a component with a dashboard links it (dashboard_url), the burn-rate alerts of
 * service-level objectives (...ErrorBudget...) the objectives' dashboard, filtered to the alert's
 * own series through the dashboard's template variables; the generated promtool tests check the
 * rendered links of every fixture.
 */
class DashboardLinksTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyAlertOpensItsComponentsDashboardFilteredByTheVariablesOfItsLabels() throws Exception {
        List<Manifest> manifests = Charts.template(Charts.defaultChart(), Charts.EVERY_ALERT);
        Map<String, Map<String, String>> alerts = alerts(manifests);
        assertEquals(new TreeSet<>(Bundles.allAlerts(Components.embedded())), new TreeSet<>(alerts.keySet()));
        List<String> withDashboard = Bundles.dashboards(Components.embedded());
        int linked = 0;
        for (Map.Entry<String, Map<String, String>> alert : alerts.entrySet()) {
            String component = alert.getValue().get("component");
            String url = alert.getValue().get("dashboard_url");
            if (!withDashboard.contains(component)) {
                assertEquals(null, url, alert.getKey());
                continue;
            }
            linked++;
            String board = alert.getKey().contains("ErrorBudget") ? "slo" : component;
            String uid = "matrixmon-" + board;
            assertTrue(url.startsWith("http://prometheus-grafana.monitoring.svc/d/" + uid + "?orgId=1"), url);
            StringBuilder filters = new StringBuilder();
            for (JsonNode variable : dashboard(manifests, board).path("templating").path("list")) {
                JsonNode definition = variable.path("query");
                String query = definition.isObject() ? definition.path("query").asText() : definition.asText();
                if (query.startsWith("label_values(")) {
                    String label = query.substring(query.lastIndexOf(',') + 1, query.lastIndexOf(')')).strip();
                    filters.append("{{ if $labels.").append(label).append(" }}&var-")
                            .append(variable.path("name").asText()).append("={{ $labels.").append(label)
                            .append(" | urlquery }}{{ end }}");
                }
            }
            assertEquals("http://prometheus-grafana.monitoring.svc/d/" + uid + "?orgId=1" + filters, url,
                    alert.getKey());
        }
        assertTrue(linked > 40, "alerts with a dashboard link: " + linked);
        // PostgreSQL's variables are named for people (cluster, instance), not for the labels they filter on.
        assertTrue(alerts.get("PostgreSQLReplicationLag").get("dashboard_url").endsWith(
                "{{ if $labels.cnpg_io_cluster }}&var-cluster={{ $labels.cnpg_io_cluster | urlquery }}{{ end }}"
                        + "{{ if $labels.pod }}&var-instance={{ $labels.pod | urlquery }}{{ end }}"),
                alerts.get("PostgreSQLReplicationLag").get("dashboard_url"));
    }

    @Test
    void aDashboardTheChartDoesNotInstallIsNotLinked() {
        Map<String, Map<String, String>> alerts = alerts(Charts.template(Charts.defaultChart(),
                Map.of("grafana.dashboards.redis.enabled", false, "grafana.externalUrl", "https://grafana.example.org/")));
        assertFalse(alerts.get("RedisDown").containsKey("dashboard_url"));
        assertTrue(alerts.get("HAProxyDown").get("dashboard_url").startsWith(
                "https://grafana.example.org/d/matrixmon-haproxy?orgId=1"), alerts.get("HAProxyDown").toString());
        Map<String, Map<String, String>> none = alerts(Charts.template(Charts.defaultChart(),
                Map.of("grafana.dashboards.enabled", false, "runbookBaseUrl", "https://wiki.example.org/runbooks")));
        assertTrue(none.values().stream().noneMatch(annotations -> annotations.containsKey("dashboard_url")));
    }

    /** Alert name to its annotations, with its component label under "component". */
    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, String>> alerts(List<Manifest> manifests) {
        Map<String, Map<String, String>> alerts = new LinkedHashMap<>();
        for (Manifest manifest : manifests) {
            if (!manifest.kind().equals("PrometheusRule")) {
                continue;
            }
            for (Object group : (List<?>) at(manifest, "spec.groups")) {
                for (Map<String, Object> rule : (List<Map<String, Object>>) at(group, "rules")) {
                    if (rule.containsKey("alert")) {
                        Map<String, String> annotations = new LinkedHashMap<>((Map<String, String>) rule.get("annotations"));
                        annotations.put("component", (String) at(rule, "labels.component"));
                        alerts.put((String) rule.get("alert"), annotations);
                    }
                }
            }
        }
        return alerts;
    }

    @SuppressWarnings("unchecked")
    private static JsonNode dashboard(List<Manifest> manifests, String component) throws Exception {
        Manifest configMap = manifests.stream().filter(m -> m.kind().equals("ConfigMap")
                && m.name().endsWith("-dashboard-" + component)).findFirst().orElseThrow();
        return JSON.readTree(((Map<String, String>) configMap.object().get("data")).get("matrixmon-" + component + ".json"));
    }
}

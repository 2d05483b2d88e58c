package io.matrixmon.core.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.matrixmon.core.render.Charts;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CatalogCheckTest {

    private final CatalogCheck check = new CatalogCheck(MetricCatalog.load());

    private static Manifest rule(String component, String expr) {
        return new Manifest("templates/rules/x.yaml", Map.of("kind", "PrometheusRule",
                "metadata", Map.of("name", "mon-x", "labels", Map.of("app.kubernetes.io/component", component)),
                "spec", Map.of("groups", List.of(Map.of("name", "g", "rules", List.of(
                        Map.of("alert", "Broken", "expr", expr, "labels", Map.of("component", component))))))));
    }

    @Test
    void everyShippedRuleReadsOnlyCatalogMetrics() {
        List<Manifest> all = Charts.template(Charts.defaultChart(), Map.of("elementWeb.enabled", true,
                "coturn.enabled", true));
        assertEquals(List.of(), check.check(all));
    }

    @Test
    void anUnknownMetricFailsWithTheRuleAndTheMetric() {
        List<Finding> findings = check.check(List.of(rule("redis", "redis_upp{job=\"redis\"} == 0")));
        assertEquals(1, findings.size());
        assertEquals("templates/rules/x.yaml: PrometheusRule mon-x: alert Broken: metric redis_upp is not in the"
                + " redis catalog (oliver006/redis_exporter v1.45.0)", findings.get(0).toString());
    }

    @Test
    void aMetricOfAnotherComponentIsNotEnough() {
        List<Finding> findings = check.check(List.of(rule("redis", "haproxy_up == 0")));
        assertEquals(1, findings.size());
        assertTrue(findings.get(0).message().startsWith("metric haproxy_up is not in the redis catalog"));
    }

    @Test
    void theSpecificationsWrongNamesAreCaught() {
        assertEquals(2, check.check(List.of(rule("synapse",
                "sum(rate(synapse_http_server_requests_total[5m])) + synapse_db_pool_connections_in_use"))).size());
    }

    @Test
    void counterNamesAreTheExposedOnesAndACounterNamedSumIsNoHistogram() {
        // Synapse's Counter "synapse_storage_transaction_time_sum" is exposed with _total.
        assertEquals(1, check.check(List.of(rule("synapse", "rate(synapse_storage_transaction_time_sum[5m])"))).size());
        assertEquals(List.of(), check.check(List.of(rule("synapse",
                "rate(synapse_storage_transaction_time_sum_total[5m])"))));
        assertEquals(1, check.check(List.of(rule("redis", "rate(redis_commands_processed[5m])"))).size());
    }

    @Test
    void histogramSeriesAndRecordingRulesResolve() {
        Manifest histogram = rule("synapse", "histogram_quantile(0.95, sum by (le, servlet) (rate("
                + "synapse_http_server_response_time_seconds_bucket{servlet=\"SyncRestServlet\"}[5m])))");
        assertEquals(List.of(), check.check(List.of(histogram)));
        Manifest recording = new Manifest("r.yaml", Map.of("kind", "PrometheusRule", "metadata", Map.of("name", "r"),
                "spec", Map.of("groups", List.of(Map.of("name", "g", "rules", List.of(
                        Map.of("record", "job:redis_commands:rate5m", "expr", "rate(redis_commands_processed_total[5m])",
                                "labels", Map.of("component", "redis")),
                        Map.of("alert", "A", "expr", "job:redis_commands:rate5m > 1", "labels",
                                Map.of("component", "redis"))))))));
        assertEquals(List.of(), check.check(List.of(recording)));
    }

    @Test
    void theScannerSkipsLabelsStringsFunctionsAndNumbers() {
        assertEquals(Set.of("a_total", "b", "c:d:e"), PromqlMetrics.of(
                "sum by (job, le) (rate(a_total{x=\"y{z}\", w=~'q'}[5m] offset 1h)) / on (job) group_left(pod)"
                        + " b > bool 3.5e+09 or absent(c:d:e) unless vector(1) and time() - 1e3 * 3600"));
    }
}

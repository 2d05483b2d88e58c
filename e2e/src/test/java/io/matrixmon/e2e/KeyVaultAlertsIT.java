package io.matrixmon.e2e;

import static io.matrixmon.e2e.PrometheusClient.none;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.matrixmon.core.component.Component;
import io.matrixmon.core.component.Components;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.yaml.snakeyaml.Yaml;

/**
 * key_vault's alerts against the real Django application and its django-prometheus metrics: the
 * process stopped, then a share of its key backup requests failing with Django's 500. Before
 * AlertsFireIT, whose PostgreSQL scenario leaves SynapseHighErrorRate firing for minutes.
 */
@Order(6)
@ExtendWith(SharedStack.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Needs("key-vault")
class KeyVaultAlertsIT {

    private static final Duration FIRE = Duration.ofSeconds(60);
    private static final Set<String> TOLERATED = Set.of();

    @Test
    @Order(1)
    void stoppedKeyVaultFiresKeyVaultDown() throws Exception {
        Stack stack = SharedStack.stack();
        AlertScenario.breakAndRepair(stack, "stop key_vault", stack.keyVault::stop,
                List.of(AlertScenario.alert("KeyVaultDown", Map.of("job", "key-vault", "namespace", "matrix",
                        "pod", "key-vault-0", "severity", "critical"))), FIRE, stack.keyVault::start, FIRE);
        stack.keyVault.awaitTraffic("key_vault started again");
    }

    /**
     * One key backup request in five fails with a 500. The threshold is lowered to 0.01: the 5xx
     * share is taken over 5 minutes, so at the default (0.05) 20% of errors would fire only once
     * they fill a quarter of the window and stay above it for minutes after they stop; at 0.01 the
     * alert fires after some 15 s of errors, and the default threshold, installed again, is far
     * above the share the window then holds.
     */
    @Test
    @Order(2)
    void failingKeyBackupsFireKeyVaultHighErrorRate() throws Exception {
        Stack stack = SharedStack.stack();
        String scenario = "key_vault answering 20% of key backup requests with 500,"
                + " --set alerts.KeyVaultHighErrorRate.threshold=0.01";
        stack.installRules(new ChartRules(SharedStack.chart(), Map.of("alerts.KeyVaultHighErrorRate.threshold",
                "0.01")));
        stack.keyVault.answerErrors(20);
        try {
            List<PrometheusClient.Alert> alerts = stack.prometheus.awaitFiringOnly(scenario,
                    Set.of("KeyVaultHighErrorRate"), TOLERATED, Duration.ofSeconds(90));
            System.out.println(scenario + ": " + alerts);
            // One alert per job and namespace (summed over the pods), not per pod.
            assertEquals(Set.of("key-vault/matrix//warning"), firing(alerts, "KeyVaultHighErrorRate"),
                    alerts::toString);
            // The 500s are the view's, counted by django-prometheus under keys-backup: a fifth of its responses.
            JsonNode share = stack.prometheus.query("sum(rate(django_http_responses_total_by_status_view_method_total"
                    + "{job=\"key-vault\", view=\"keys-backup\", status=\"500\"}[30s])) / sum(rate("
                    + "django_http_responses_total_by_status_view_method_total{job=\"key-vault\", view=\"keys-backup\"}"
                    + "[30s]))");
            double value = share.path(0).path("value").path(1).asDouble(-1);
            assertTrue(value > 0.1 && value < 0.3, "5xx share of keys-backup over 30 s: " + share);
        } finally {
            stack.keyVault.answerErrors(0);
            stack.installRules(SharedStack.scenarioRules());
        }
        stack.prometheus.awaitAlerts("no more errors, install with the default threshold",
                "KeyVaultHighErrorRate resolved", FIRE, none("KeyVaultHighErrorRate"));
    }

    /**
     * Every metric of the key-vault catalog on the live /metrics of the real application, after
     * the failures (django-prometheus creates the exception counter's series with the first
     * exception), and the view names the alert's expression relies on.
     */
    @Test
    @Order(3)
    @SuppressWarnings("unchecked")
    void everyCatalogMetricIsOnTheLiveMetrics() throws Exception {
        String catalog = Components.embedded().get("key-vault").flatMap(c -> c.file(Component.CATALOG))
                .orElseThrow(() -> new IllegalStateException("no key-vault catalog among the embedded bundles"));
        String exposition = SharedStack.stack().keyVault.metrics();
        Set<String> names = new LinkedHashSet<>();
        exposition.lines().filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .forEach(line -> names.add(line.split("[{ ]", 2)[0]));
        List<String> missing = new ArrayList<>();
        for (Map<String, Object> metric : (List<Map<String, Object>>) new Yaml().<Map<String, Object>>load(catalog)
                .get("metrics")) {
            String name = (String) metric.get("name");
            String series = "histogram".equals(metric.get("type")) ? name + "_bucket" : name;
            if (!names.contains(series)) {
                missing.add(series);
            }
        }
        assertEquals(List.of(), missing, "key-vault catalog metrics absent from the live /metrics");
        // Prometheus's scrapes, which the error-rate alert leaves out, are the view prometheus-django-metrics.
        for (String series : List.of(
                "django_http_responses_total_by_status_view_method_total{method=\"GET\",status=\"200\","
                        + "view=\"prometheus-django-metrics\"}",
                "django_http_responses_total_by_status_view_method_total{method=\"PUT\",status=\"500\","
                        + "view=\"keys-backup\"}",
                "django_http_exceptions_total_by_type_total{type=\"InjectedFault\"}")) {
            assertTrue(exposition.lines().anyMatch(line -> line.startsWith(series + " ")),
                    series + " on key_vault's /metrics");
        }
    }

    /** job/namespace/pod/severity of each firing instance of the alert. */
    private static Set<String> firing(List<PrometheusClient.Alert> alerts, String name) {
        Set<String> instances = new LinkedHashSet<>();
        alerts.stream().filter(a -> a.name().equals(name) && a.state().equals("firing"))
                .forEach(a -> instances.add(a.labels().path("job").asText() + "/" + a.labels().path("namespace").asText()
                        + "/" + a.labels().path("pod").asText() + "/" + a.labels().path("severity").asText()));
        return instances;
    }
}

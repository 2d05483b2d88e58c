package io.matrixmon.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The labels the rules select on, as prometheus-operator's relabelling gives them: every scrape
 * job of the operator's configuration sees every simulated pod of its namespace, and only the
 * chart's selectors, ports and relabelings decide which pod each monitor scrapes and how its
 * target is labelled.
 */
@Order(2)
@ExtendWith(SharedStack.class)
@Needs({"redis", "postgresql", "haproxy", "synapse", "key-vault"})
class ScrapeTargetsIT {

    private static final Pattern UP_SELECTOR = Pattern.compile("\\bup\\{[^}]*}");

    /** Each pod's target labels (all but instance): what the operator adds and the chart's relabelings. */
    private static Map<String, Map<String, String>> expectedTargets() {
        Map<String, Map<String, String>> expected = new LinkedHashMap<>();
        expected.put("redis-0", labels("job=redis", "service=redis", "container=redis-exporter", "endpoint=9121"));
        expected.put("haproxy-0", labels("job=haproxy", "service=haproxy", "container=haproxy-exporter",
                "endpoint=9101"));
        expected.put("key-vault-0", labels("job=key-vault", "service=key-vault", "container=key-vault",
                "endpoint=8000"));
        // A PodMonitor: no Service; the named port is the endpoint.
        expected.put("matrix-postgresql-1", labels("job=postgresql", "container=postgres", "endpoint=metrics",
                "cnpg_io_cluster=matrix-postgresql"));
        expected.put("synapse-li-0", labels("job=synapse-li", "service=synapse-li", "container=synapse",
                "endpoint=9090", "worker_type=main", "matrix_instance=li", "index=0"));
        // index: the process number within its type, from the pod's ordinal (the suite runs one of each).
        for (Synapse.Process process : Synapse.all()) {
            if (process != Synapse.LI) {
                expected.put(process.name() + "-0", labels("job=synapse", "service=" + process.name(),
                        "container=synapse", "endpoint=9090", "worker_type=" + process.workerType(),
                        "matrix_instance=main", "index=0"));
            }
        }
        expected.forEach((pod, labels) -> {
            labels.put("namespace", Cluster.NAMESPACE);
            labels.put("pod", pod);
        });
        // kube-prometheus-stack's own, in its namespace: the job is the Service's app.kubernetes.io/name.
        expected.put(Stack.KUBE_STATE_METRICS_POD, labels("job=kube-state-metrics", "service=prometheus-kube-state-metrics",
                "container=kube-state-metrics", "endpoint=http", "namespace=" + OperatorOutputs.NAMESPACE,
                "pod=" + Stack.KUBE_STATE_METRICS_POD));
        return expected;
    }

    @Test
    void everyPodIsScrapedOnceWithTheLabelsTheRulesSelectOn() {
        Map<String, Map<String, String>> actual = new TreeMap<>();
        List<String> duplicates = new ArrayList<>();
        for (JsonNode target : SharedStack.stack().prometheus.activeTargets()) {
            Map<String, String> labels = new TreeMap<>();
            target.path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            labels.remove("instance");
            if (labels.get("job").equals("prometheus")) {
                continue;
            }
            if (actual.put(labels.get("pod"), labels) != null) {
                duplicates.add(labels.get("pod") + " in " + target.path("scrapePool").asText());
            }
        }
        assertEquals(List.of(), duplicates, "pods scraped by more than one monitor");
        Map<String, Map<String, String>> expected = new TreeMap<>();
        expectedTargets().forEach((pod, labels) -> expected.put(pod, new TreeMap<>(labels)));
        assertEquals(expected, actual, "target labels after the operator's relabelling");
    }

    /** Every up{...} selector of an alert finds its targets, all of them up. */
    @Test
    void everyDownAlertSelectsItsTargets() {
        Set<String> selectors = new LinkedHashSet<>();
        for (String expression : SharedStack.rules().alertExpressions()) {
            Matcher selector = UP_SELECTOR.matcher(expression);
            while (selector.find()) {
                selectors.add(selector.group());
            }
        }
        List<String> problems = new ArrayList<>();
        for (String selector : selectors) {
            JsonNode result = SharedStack.stack().prometheus.query(selector);
            if (result.isEmpty()) {
                problems.add(selector + " selects no target");
            }
            result.forEach(series -> {
                if (!series.path("value").path(1).asText().equals("1")) {
                    problems.add(selector + ": " + series.path("metric") + " is down");
                }
            });
        }
        assertEquals(List.of(), problems);
        // Redis, PostgreSQL, HAProxy, key_vault and the Synapse main process each have a down alert.
        assertTrue(selectors.size() >= 5, selectors::toString);
    }

    private static Map<String, String> labels(String... pairs) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String pair : pairs) {
            String[] nameAndValue = pair.split("=", 2);
            labels.put(nameAndValue[0], nameAndValue[1]);
        }
        return labels;
    }
}

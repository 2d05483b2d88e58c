package io.matrixmon.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The labels the rules select on, as prometheus-operator's relabelling gives them: every scrape
 * job of the operator's configuration sees every simulated pod of its namespace, and only the
 * chart's selectors, ports and relabelings decide which pod each monitor scrapes and how its
 * target is labelled. Each component the run starts is checked on its own; one it does not start
 * ({@link Components}) is skipped, named, and none of its pods may be scraped.
 */
@Order(2)
@ExtendWith(SharedStack.class)
class ScrapeTargetsIT {

    private static final Pattern UP_SELECTOR = Pattern.compile("\\bup\\{[^}]*}");
    /** kube-prometheus-stack's own targets: part of the suite, not a component, always running. */
    private static final String MONITORING_STACK = "kube-prometheus-stack";

    /**
     * Each component's pods and their target labels (all but instance): what the operator adds and
     * the chart's relabelings.
     */
    private static Map<String, Map<String, Map<String, String>>> expectedTargets() {
        Map<String, Map<String, Map<String, String>>> expected = new LinkedHashMap<>();
        expected.put("redis", Map.of("redis-0", labels("job=redis", "service=redis", "container=redis-exporter",
                "endpoint=9121")));
        // A PodMonitor: no Service; the named port is the endpoint.
        expected.put("postgresql", Map.of("matrix-postgresql-1", labels("job=postgresql", "container=postgres",
                "endpoint=metrics", "cnpg_io_cluster=matrix-postgresql")));
        expected.put("haproxy", Map.of("haproxy-0", labels("job=haproxy", "service=haproxy",
                "container=haproxy-exporter", "endpoint=9101")));
        Map<String, Map<String, String>> synapse = new LinkedHashMap<>();
        synapse.put("synapse-li-0", labels("job=synapse-li", "service=synapse-li", "container=synapse",
                "endpoint=9090", "worker_type=main", "matrix_instance=li", "index=0"));
        // index: the process number within its type, from the pod's ordinal (the suite runs one of each).
        for (Synapse.Process process : Synapse.all()) {
            if (process != Synapse.LI) {
                synapse.put(process.name() + "-0", labels("job=synapse", "service=" + process.name(),
                        "container=synapse", "endpoint=9090", "worker_type=" + process.workerType(),
                        "matrix_instance=main", "index=0"));
            }
        }
        expected.put("synapse", synapse);
        expected.put("key-vault", Map.of("key-vault-0", labels("job=key-vault", "service=key-vault",
                "container=key-vault", "endpoint=8000")));
        expected.forEach((component, pods) -> pods.forEach((pod, labels) -> {
            labels.put("namespace", Cluster.NAMESPACE);
            labels.put("pod", pod);
        }));
        // kube-prometheus-stack's own, in its namespace: the job is the Service's app.kubernetes.io/name.
        expected.put(MONITORING_STACK, Map.of(Stack.KUBE_STATE_METRICS_POD, labels("job=kube-state-metrics",
                "service=prometheus-kube-state-metrics", "container=kube-state-metrics", "endpoint=http",
                "namespace=" + OperatorOutputs.NAMESPACE, "pod=" + Stack.KUBE_STATE_METRICS_POD)));
        return expected;
    }

    /**
     * Waits (30 s at most; the checks then say what is missing) until the pods of the components
     * started are discovered and every target is up: the class may run right after a scenario
     * restarted a process, or reloaded Prometheus (a helm upgrade), which starts discovery over.
     */
    private static void awaitDiscovered() {
        Set<String> pods = new TreeSet<>();
        expectedTargets().forEach((component, expected) -> {
            if (component.equals(MONITORING_STACK) || Components.isStarted(component)) {
                pods.addAll(expected.keySet());
            }
        });
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            List<JsonNode> targets = SharedStack.stack().prometheus.activeTargets();
            Set<String> discovered = new TreeSet<>();
            targets.forEach(target -> discovered.add(target.path("labels").path("pod").asText()));
            if (discovered.containsAll(pods) && targets.stream().allMatch(t -> t.path("health").asText().equals("up"))) {
                return;
            }
            Processes.sleep(500);
        }
    }

    /** The active targets' labels (all but instance) by pod; Prometheus's own left out. */
    private static Map<String, Map<String, String>> actualTargets(List<String> duplicates) {
        Map<String, Map<String, String>> actual = new TreeMap<>();
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
        return actual;
    }

    /** One test per component: its pods scraped with the labels above; skipped, naming it, when not started. */
    @TestFactory
    Stream<DynamicTest> eachComponentsPodsAreScrapedWithTheLabelsTheRulesSelectOn() {
        awaitDiscovered();
        Map<String, Map<String, String>> actual = actualTargets(new ArrayList<>());
        return expectedTargets().entrySet().stream().map(component -> DynamicTest.dynamicTest(component.getKey(), () -> {
            if (!component.getKey().equals(MONITORING_STACK)) {
                Components.assumeStarted("ScrapeTargetsIT[" + component.getKey() + "]", component.getKey());
            }
            Map<String, Map<String, String>> expected = new TreeMap<>();
            component.getValue().forEach((pod, labels) -> expected.put(pod, new TreeMap<>(labels)));
            Map<String, Map<String, String>> scraped = new TreeMap<>(actual);
            scraped.keySet().retainAll(expected.keySet());
            assertEquals(expected, scraped, component.getKey() + ": target labels after the operator's relabelling");
        }));
    }

    /** No pod scraped by two monitors, none but those of the components started (and the stack's own). */
    @Test
    void nothingElseIsScrapedAndNoPodTwice() {
        awaitDiscovered();
        List<String> duplicates = new ArrayList<>();
        Set<String> others = new TreeSet<>(actualTargets(duplicates).keySet());
        Set<String> notStarted = new TreeSet<>();
        expectedTargets().forEach((component, pods) -> {
            if (component.equals(MONITORING_STACK) || Components.isStarted(component)) {
                others.removeAll(pods.keySet());
            } else {
                notStarted.add(component);
            }
        });
        assertEquals(List.of(), duplicates, "pods scraped by more than one monitor");
        assertEquals(Set.of(), others, "pods scraped that belong to no component started (not started: "
                + notStarted + ")");
    }

    /** Every up{...} selector of an alert finds its targets, all of them up. */
    @Test
    void everyDownAlertSelectsItsTargets() {
        awaitDiscovered();
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
        // Redis, PostgreSQL, HAProxy, key_vault and the Synapse main process each have a down alert;
        // the alerts of the components not started are not installed.
        assertTrue(selectors.size() >= Components.started().size(), Components.started() + ": " + selectors);
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

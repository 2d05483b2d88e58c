package io.matrixmon.e2e;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The shape of an alert scenario, once: break something, expect exactly these alerts with these
 * labels (besides those the {@link AlertLedger} holds), repair, expect them resolved. Each expected
 * alert is one instance, told apart by a subset of its labels.
 */
final class AlertScenario {

    /** One firing instance of an alert: its name and the labels it must carry. */
    record Expected(String alert, Map<String, String> labels) {
        boolean matches(PrometheusClient.Alert alert) {
            return alert.name().equals(this.alert)
                    && labels.entrySet().stream().allMatch(l -> alert.labels().path(l.getKey()).asText().equals(l.getValue()));
        }

        @Override
        public String toString() {
            return alert + labels;
        }
    }

    /** Something a scenario does to the stack. */
    interface Action {
        void run() throws Exception;
    }

    private AlertScenario() {
    }

    static Expected alert(String name, Map<String, String> labels) {
        return new Expected(name, labels);
    }

    /**
     * Waits until every expected alert fires; then every alert pending or firing must be an
     * expected one or one the ledger holds. Returns the alerts at that moment.
     */
    static List<PrometheusClient.Alert> expectExactly(Stack stack, String scenario, List<Expected> expected,
            Duration timeout) {
        List<PrometheusClient.Alert> alerts = stack.prometheus.awaitAlerts(scenario, expected + " firing", timeout,
                current -> expected.stream().allMatch(e -> current.stream().anyMatch(a -> a.state().equals("firing")
                        && e.matches(a))));
        List<PrometheusClient.Alert> others = alerts.stream()
                .filter(a -> expected.stream().noneMatch(e -> e.matches(a)) && !stack.ledger.covers(a)).toList();
        if (!others.isEmpty()) {
            throw new AssertionError("Scenario '" + scenario + "': expected only " + expected + " (besides the ledger's "
                    + stack.ledger.open() + "), but also " + others + "; Prometheus's /api/v1/alerts returned " + alerts);
        }
        long instances = alerts.stream().filter(a -> expected.stream().anyMatch(e -> e.matches(a))).count();
        if (instances != expected.size()) {
            throw new AssertionError("Scenario '" + scenario + "': expected one instance of each of " + expected
                    + "; Prometheus's /api/v1/alerts returned " + alerts);
        }
        return alerts;
    }

    /** Waits until no expected alert is pending or firing any more. */
    static void awaitResolved(Stack stack, String scenario, List<Expected> expected, Duration timeout) {
        Predicate<List<PrometheusClient.Alert>> resolved = current -> current.stream()
                .noneMatch(a -> expected.stream().anyMatch(e -> e.matches(a)));
        stack.prometheus.awaitAlerts(scenario, expected + " resolved", timeout, resolved);
    }

    /**
     * Breaks, expects exactly the alerts, repairs (also when the expectation failed) and waits for
     * them to resolve; returns the alerts that fired, as Prometheus reported them.
     */
    static List<PrometheusClient.Alert> breakAndRepair(Stack stack, String scenario, Action breakIt,
            List<Expected> expected, Duration fire, Action repair, Duration resolve) throws Exception {
        long started = System.nanoTime();
        List<PrometheusClient.Alert> alerts;
        long fired;
        breakIt.run();
        try {
            alerts = expectExactly(stack, scenario, expected, fire);
            fired = System.nanoTime();
        } finally {
            repair.run();
        }
        long repaired = System.nanoTime();
        awaitResolved(stack, scenario + ", repaired", expected, resolve);
        System.out.printf("Scenario '%s': %s fired %.1f s after the break, resolved %.1f s after the repair; firing: %s%n",
                scenario, expected, (fired - started) / 1e9, (System.nanoTime() - repaired) / 1e9,
                alerts.stream().filter(a -> expected.stream().anyMatch(e -> e.matches(a))).toList());
        return alerts;
    }
}

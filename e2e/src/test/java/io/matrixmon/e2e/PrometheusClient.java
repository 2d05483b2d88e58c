package io.matrixmon.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/** Prometheus's HTTP API, as far as the scenarios need it. */
final class PrometheusClient {

    /** One alert as /api/v1/alerts reports it. */
    record Alert(String name, String state, JsonNode labels, JsonNode annotations) {
        @Override
        public String toString() {
            return name + "(" + state + ") " + labels;
        }
    }

    private final LoopbackApi api;
    private final AlertLedger ledger;

    /** {@code ledger}: the alerts earlier scenarios left firing, which {@link #awaitFiringOnly} tolerates. */
    PrometheusClient(int port, AlertLedger ledger) {
        this.api = new LoopbackApi(port);
        this.ledger = ledger;
    }

    List<Alert> alerts() {
        List<Alert> alerts = new ArrayList<>();
        for (JsonNode alert : api.get("/api/v1/alerts").path("data").path("alerts")) {
            alerts.add(new Alert(alert.path("labels").path("alertname").asText(), alert.path("state").asText(),
                    alert.path("labels"), alert.path("annotations")));
        }
        return alerts;
    }

    /** The result vector of an instant query. */
    JsonNode query(String promql) {
        return api.get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)).path("data").path("result");
    }

    /** The active targets of /api/v1/targets: their labels after relabelling, their scrape pool and health. */
    List<JsonNode> activeTargets() {
        List<JsonNode> targets = new ArrayList<>();
        api.get("/api/v1/targets?state=active").path("data").path("activeTargets").forEach(targets::add);
        return targets;
    }

    /**
     * Waits until Prometheus is ready: it listens at once, but answers its API with 503 until its
     * storage is open.
     */
    void awaitReady(Duration timeout) {
        LoopbackApi.await("start-up", "Prometheus ready (/-/ready answering 200)", "/-/ready's status", timeout,
                Duration.ofMillis(200), () -> api.status("/-/ready"), status -> status == 200);
    }

    /** Waits until every active target has been scraped successfully. */
    void awaitTargetsUp(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<JsonNode> targets = activeTargets();
        while (targets.isEmpty() || !targets.stream().allMatch(t -> t.path("health").asText().equals("up"))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not every target is up within " + timeout.toSeconds() + "s: " + targets);
            }
            Processes.sleep(500);
            targets = activeTargets();
        }
    }

    /**
     * Reloads the configuration and rules as prometheus-config-reloader does, through the
     * lifecycle API: the answer comes when the reload is complete (a SIGHUP's would have to be
     * awaited, and the runtime info's lastConfigTime counts whole seconds).
     */
    void reload() {
        api.post("/-/reload", Duration.ofSeconds(30));
    }

    /** The rule groups Prometheus has loaded, with each rule's health and state. */
    List<JsonNode> ruleGroupsLoaded() {
        List<JsonNode> groups = new ArrayList<>();
        api.get("/api/v1/rules").path("data").path("groups").forEach(groups::add);
        return groups;
    }

    /** Number of rule groups Prometheus has loaded. */
    int ruleGroups() {
        return api.get("/api/v1/rules").path("data").path("groups").size();
    }

    /** Waits until the alerts satisfy the condition; the failure message shows what Prometheus returned. */
    List<Alert> awaitAlerts(String scenario, String expectation, Duration timeout, Predicate<List<Alert>> condition) {
        return LoopbackApi.await(scenario, expectation, "Prometheus's /api/v1/alerts", timeout, Duration.ofMillis(500),
                this::alerts, condition);
    }


    /**
     * Waits until every expected alert fires; at that moment no other alert may be pending or
     * firing, except the tolerated ones (alerts known to fire on a healthy stack) and those the
     * ledger holds (left firing by an earlier scenario, within the time it declared).
     */
    List<Alert> awaitFiringOnly(String scenario, Set<String> expected, Set<String> tolerated, Duration timeout) {
        List<Alert> alerts = awaitAlerts(scenario, expected + " firing", timeout,
                current -> expected.stream().allMatch(name -> firing(name).test(current)));
        List<Alert> others = alerts.stream()
                .filter(a -> !expected.contains(a.name()) && !tolerated.contains(a.name()) && !ledger.covers(a)).toList();
        if (!others.isEmpty()) {
            throw new AssertionError("Scenario '" + scenario + "': expected only " + expected + " (besides "
                    + tolerated + " and the ledger's " + ledger.open() + "), but also " + others
                    + "; Prometheus's /api/v1/alerts returned " + alerts);
        }
        return alerts;
    }

    static Predicate<List<Alert>> firing(String name) {
        return alerts -> alerts.stream().anyMatch(a -> a.name().equals(name) && a.state().equals("firing"));
    }

    static Predicate<List<Alert>> none(String name) {
        return alerts -> alerts.stream().noneMatch(a -> a.name().equals(name));
    }
}

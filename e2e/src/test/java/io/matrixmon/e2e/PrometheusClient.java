package io.matrixmon.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String base;

    PrometheusClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    List<Alert> alerts() {
        List<Alert> alerts = new ArrayList<>();
        for (JsonNode alert : get("/api/v1/alerts").path("data").path("alerts")) {
            alerts.add(new Alert(alert.path("labels").path("alertname").asText(), alert.path("state").asText(),
                    alert.path("labels"), alert.path("annotations")));
        }
        return alerts;
    }

    /** The result vector of an instant query. */
    JsonNode query(String promql) {
        return get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)).path("data").path("result");
    }

    /** The active targets of /api/v1/targets: their labels after relabelling, their scrape pool and health. */
    List<JsonNode> activeTargets() {
        List<JsonNode> targets = new ArrayList<>();
        get("/api/v1/targets?state=active").path("data").path("activeTargets").forEach(targets::add);
        return targets;
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

    /** When Prometheus last (re)loaded its configuration and rules. */
    String lastConfigTime() {
        return get("/api/v1/status/runtimeinfo").path("data").path("lastConfigTime").asText();
    }

    /** The rule groups Prometheus has loaded, with each rule's health and state. */
    List<JsonNode> ruleGroupsLoaded() {
        List<JsonNode> groups = new ArrayList<>();
        get("/api/v1/rules").path("data").path("groups").forEach(groups::add);
        return groups;
    }

    /** Number of rule groups Prometheus has loaded. */
    int ruleGroups() {
        return get("/api/v1/rules").path("data").path("groups").size();
    }

    /** Waits until the alerts satisfy the condition; the failure message shows what Prometheus returned. */
    List<Alert> awaitAlerts(String scenario, String expectation, Duration timeout, Predicate<List<Alert>> condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Alert> alerts = alerts();
        while (!condition.test(alerts)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Scenario '" + scenario + "': expected " + expectation + " within "
                        + timeout.toSeconds() + "s; Prometheus's /api/v1/alerts returned " + alerts);
            }
            Processes.sleep(500);
            alerts = alerts();
        }
        return alerts;
    }

    private JsonNode get(String path) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits until every expected alert fires; at that moment no other alert may be pending or
     * firing, except the tolerated ones (alerts known to fire on a healthy stack).
     */
    List<Alert> awaitFiringOnly(String scenario, Set<String> expected, Set<String> tolerated, Duration timeout) {
        List<Alert> alerts = awaitAlerts(scenario, expected + " firing", timeout,
                current -> expected.stream().allMatch(name -> firing(name).test(current)));
        List<Alert> others = alerts.stream()
                .filter(a -> !expected.contains(a.name()) && !tolerated.contains(a.name())).toList();
        if (!others.isEmpty()) {
            throw new AssertionError("Scenario '" + scenario + "': expected only " + expected + " (besides "
                    + tolerated + "), but also " + others + "; Prometheus's /api/v1/alerts returned " + alerts);
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

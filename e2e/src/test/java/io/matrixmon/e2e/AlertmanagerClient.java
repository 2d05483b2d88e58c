package io.matrixmon.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Alertmanager's API v2, as far as the scenarios need it. */
final class AlertmanagerClient {

    /**
     * One alert as /api/v2/alerts reports it: its labels, its state (active, suppressed) and the
     * fingerprints of the alerts that inhibit it.
     */
    record Alert(String name, String state, List<String> inhibitedBy, String fingerprint, JsonNode labels) {
        @Override
        public String toString() {
            return name + "(" + state + (inhibitedBy.isEmpty() ? "" : ", inhibited by " + inhibitedBy) + ") " + labels;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String base;

    AlertmanagerClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    /** Every alert Alertmanager holds (active, suppressed or unprocessed). */
    List<Alert> alerts() {
        List<Alert> alerts = new ArrayList<>();
        for (JsonNode alert : get("/api/v2/alerts")) {
            List<String> inhibitedBy = new ArrayList<>();
            alert.path("status").path("inhibitedBy").forEach(f -> inhibitedBy.add(f.asText()));
            alerts.add(new Alert(alert.path("labels").path("alertname").asText(),
                    alert.path("status").path("state").asText(), inhibitedBy, alert.path("fingerprint").asText(),
                    alert.path("labels")));
        }
        return alerts;
    }

    /** Waits until Alertmanager's alerts satisfy the condition; the failure message shows what it returned. */
    List<Alert> awaitAlerts(String scenario, String expectation, Duration timeout, Predicate<List<Alert>> condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Alert> alerts = alerts();
        while (!condition.test(alerts)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Scenario '" + scenario + "': expected " + expectation + " within "
                        + timeout.toSeconds() + "s; Alertmanager's /api/v2/alerts returned " + alerts);
            }
            Processes.sleep(250);
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
}

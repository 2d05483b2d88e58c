package io.matrixmon.e2e;

import com.fasterxml.jackson.databind.JsonNode;
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

    private final LoopbackApi api;

    AlertmanagerClient(int port) {
        this.api = new LoopbackApi(port);
    }

    /** Every alert Alertmanager holds (active, suppressed or unprocessed). */
    List<Alert> alerts() {
        List<Alert> alerts = new ArrayList<>();
        for (JsonNode alert : api.get("/api/v2/alerts")) {
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
        return LoopbackApi.await(scenario, expectation, "Alertmanager's /api/v2/alerts", timeout, Duration.ofMillis(250),
                this::alerts, condition);
    }
}

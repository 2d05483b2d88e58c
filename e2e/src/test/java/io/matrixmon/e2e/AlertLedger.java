package io.matrixmon.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The alerts a scenario leaves firing after its repair, and until when: an error ratio over a
 * 5-minute window keeps its alert firing for minutes after the errors stopped. A later scenario's
 * "exactly these alerts" tolerates what the ledger holds, so the scenarios' order is no condition
 * of their correctness (only the healthy stack runs first); an entry past its time tolerates
 * nothing, so an alert that keeps firing longer than its scenario declared fails the next check.
 */
final class AlertLedger {

    /** An alert of a scenario, with the labels that tell its instance apart, tolerated until {@code until}. */
    record Entry(String scenario, String alert, Map<String, String> labels, Instant until) {
        boolean covers(PrometheusClient.Alert alert) {
            return alert.name().equals(this.alert) && Instant.now().isBefore(until)
                    && labels.entrySet().stream().allMatch(l -> alert.labels().path(l.getKey()).asText().equals(l.getValue()));
        }

        @Override
        public String toString() {
            return alert + labels + " from '" + scenario + "' until " + until;
        }
    }

    private final List<Entry> entries = new ArrayList<>();

    /** The scenario leaves the alert (the instance with these labels) firing for at most {@code atMost} from now. */
    synchronized void leave(String scenario, String alert, Map<String, String> labels, Duration atMost) {
        entries.add(new Entry(scenario, alert, Map.copyOf(labels), Instant.now().plus(atMost)));
    }

    /** Whether an alert is one a scenario declared it leaves firing, within its time. */
    synchronized boolean covers(PrometheusClient.Alert alert) {
        return entries.stream().anyMatch(entry -> entry.covers(alert));
    }

    /** The entries still within their time, for failure messages. */
    synchronized List<Entry> open() {
        return entries.stream().filter(entry -> Instant.now().isBefore(entry.until())).toList();
    }
}

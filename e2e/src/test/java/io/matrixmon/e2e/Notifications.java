package io.matrixmon.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The chart's two receivers as Alertmanager calls them: an HTTP server in the test JVM that takes
 * Alertmanager's webhook notifications (POST of a JSON message with {@code receiver}, {@code
 * status} and {@code alerts}, each with its {@code labels} and {@code status}; Alertmanager's
 * notify/webhook/webhook.go) on {@code /critical} and {@code /warning}, the URLs the suite's
 * install-time values give alertRouting.receivers.critical and .warning, and keeps every alert of
 * every notification.
 */
final class Notifications implements AutoCloseable {

    /** One alert of one notification: the receiver path it came to, its status (firing or resolved) and labels. */
    record Notified(String receiver, String status, JsonNode labels) {
        String name() {
            return labels.path("alertname").asText();
        }

        @Override
        public String toString() {
            return receiver + ": " + name() + "(" + status + ") " + labels;
        }
    }

    static final List<String> RECEIVERS = List.of("critical", "warning");
    static final int PORT = 18409;
    /**
     * From an alert firing in Prometheus to its notification: Prometheus sends it to Alertmanager
     * after its next evaluation (every second), Alertmanager waits the group's wait or interval
     * (the suite's values: a second each).
     */
    static final Duration WITHIN = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final List<Notified> received = new ArrayList<>();

    Notifications() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", PORT), 0);
        for (String receiver : RECEIVERS) {
            server.createContext("/" + receiver, exchange -> {
                JsonNode message = JSON.readTree(exchange.getRequestBody());
                synchronized (received) {
                    for (JsonNode alert : message.path("alerts")) {
                        received.add(new Notified(receiver, alert.path("status").asText(), alert.path("labels")));
                    }
                }
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
        }
        server.start();
    }

    /** The URL of a receiver's webhook, for the install-time values. */
    static String url(String receiver) {
        return "http://127.0.0.1:" + PORT + "/" + receiver;
    }

    /** Every alert notified so far, in the order it came. */
    List<Notified> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** Forgets what came so far, so that a scenario sees only its own notifications. */
    void clear() {
        synchronized (received) {
            received.clear();
        }
    }

    /** Waits until a firing alert matching the condition came to the receiver; the failure shows what came. */
    Notified awaitFiring(String scenario, String receiver, String alert, Predicate<JsonNode> labels, Duration timeout) {
        Predicate<Notified> wanted = notified -> notified.receiver().equals(receiver)
                && notified.status().equals("firing") && notified.name().equals(alert) && labels.test(notified.labels());
        return LoopbackApi.await(scenario, alert + " firing at the " + receiver + " receiver", "the receivers' list",
                timeout, Duration.ofMillis(250), this::received, all -> all.stream().anyMatch(wanted))
                .stream().filter(wanted).findFirst().orElseThrow();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

package io.matrixmon.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.matrixmon.core.PinnedTools;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Alertmanager configuration prometheus-operator writes from the chart's AlertmanagerConfig,
 * held against every pinned Alertmanager: kube-prometheus-stack 67.0.0's runs the suite, the
 * newest must read, route and inhibit the same way. The alerts the newest Alertmanager notifies
 * the suite's receivers of carry this class's mark (a {@code scenario} label), told apart by it.
 */
@Order(8)
@ExtendWith(SharedStack.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AlertmanagerReleasesIT {

    private static final int NEWEST = 19094;
    /** Marks what this class sends, so its notifications are told apart from the scenarios'. */
    private static final String MARK = "alertmanager-releases";

    private final Stack stack = SharedStack.stack();

    @Test
    @Order(1)
    void everyAlertmanagerReleaseAcceptsTheOperatorsConfiguration() throws Exception {
        List<String> found = new ArrayList<>();
        for (PinnedTools.Tool alertmanager : PinnedTools.all("alertmanager")) {
            PinnedTools.Run check = amtool(alertmanager, "check-config", stack.alertmanagerConfig().toString());
            assertEquals(0, check.exit(), alertmanager + ": amtool check-config " + check.output());
            assertTrue(check.output().contains("SUCCESS"), alertmanager + ": " + check.output());
            // The suite enables every alert, so every bundle's inhibit rule is in the file.
            assertTrue(check.output().matches("(?s).* - [1-9]\\d* inhibit rules.*"), alertmanager + ": " + check.output());
            found.add(check.output().substring(check.output().indexOf("Found:")));
        }
        assertEquals(1, found.stream().distinct().count(), "every release reads the same configuration: " + found);
    }

    /** amtool's own route tester: a critical and a warning alert of the chart reach the receivers the chart names. */
    @Test
    @Order(2)
    void everyAlertmanagerReleaseRoutesBySeverity() throws Exception {
        List<String> routes = new ArrayList<>();
        for (PinnedTools.Tool alertmanager : PinnedTools.all("alertmanager")) {
            String critical = route(alertmanager, "alertname=HAProxyBackendDown", "component=haproxy", "severity=critical");
            String warning = route(alertmanager, "alertname=HAProxyHighErrorRate", "component=haproxy", "severity=warning");
            String foreign = route(alertmanager, "alertname=Watchdog", "severity=none");
            assertTrue(critical.endsWith("-critical"), alertmanager + " routes a critical alert to " + critical);
            assertTrue(warning.endsWith("-warning"), alertmanager + " routes a warning to " + warning);
            assertEquals("null", foreign, alertmanager + ": another chart's alert stays on the base route");
            routes.add(critical + " " + warning);
        }
        assertEquals(1, routes.stream().distinct().count(), "every release routes alike: " + routes);
    }

    /**
     * The newest Alertmanager, running the same file: a backend down mutes the error rate it causes
     * (the bundle's inhibit rule), and the critical receiver is notified of the backend.
     */
    @Test
    @Order(3)
    @Needs("haproxy")
    void theNewestAlertmanagerInhibitsAndNotifiesAsTheReferenceDoes() throws Exception {
        List<PinnedTools.Tool> releases = PinnedTools.all("alertmanager");
        PinnedTools.Tool newest = releases.get(releases.size() - 1);
        stack.startAlertmanager("alertmanager-newest", newest, NEWEST);
        try {
            List<String> target = List.of("component=haproxy", "job=haproxy", "namespace=matrix", "backend=synapse",
                    "scenario=" + MARK);
            send(newest, "alertname=HAProxyBackendDown", "severity=critical", target);
            send(newest, "alertname=HAProxyHighErrorRate", "severity=warning", target);
            String scenario = "the newest Alertmanager (" + newest + ") given a backend down and its error rate";
            Predicate<JsonNode> marked = labels -> labels.path("scenario").asText().equals(MARK);
            List<AlertmanagerClient.Alert> held = new AlertmanagerClient(NEWEST).awaitAlerts(scenario,
                    "HAProxyHighErrorRate suppressed, inhibited by HAProxyBackendDown", Duration.ofSeconds(15),
                    alerts -> alerts.stream().anyMatch(down -> down.name().equals("HAProxyBackendDown")
                            && alerts.stream().anyMatch(muted -> muted.name().equals("HAProxyHighErrorRate")
                                    && muted.state().equals("suppressed")
                                    && muted.inhibitedBy().equals(List.of(down.fingerprint())))));
            System.out.println(newest + ": " + held);
            stack.notifications.awaitFiring(scenario, "critical", "HAProxyBackendDown", marked, Notifications.WITHIN);
            assertEquals(List.of(), stack.notifications.received().stream()
                    .filter(n -> n.name().equals("HAProxyHighErrorRate") && marked.test(n.labels())).toList(),
                    "the inhibited alert was notified");
        } finally {
            stack.processes.stop("alertmanager-newest");
        }
    }

    private static void send(PinnedTools.Tool alertmanager, String name, String severity, List<String> labels)
            {
        List<String> arguments = new ArrayList<>(List.of("--alertmanager.url=http://127.0.0.1:" + NEWEST,
                "alert", "add", name, severity));
        arguments.addAll(labels);
        arguments.add("--annotation=summary=sent by amtool");
        PinnedTools.Run added = amtool(alertmanager, arguments.toArray(String[]::new));
        assertEquals(0, added.exit(), "amtool alert add: " + added.output());
    }

    /** The receiver amtool's route tester names for the labels. */
    private String route(PinnedTools.Tool alertmanager, String... labels) {
        List<String> arguments = new ArrayList<>(List.of("config", "routes", "test",
                "--config.file=" + stack.alertmanagerConfig()));
        arguments.addAll(List.of(labels));
        PinnedTools.Run test = amtool(alertmanager, arguments.toArray(String[]::new));
        assertEquals(0, test.exit(), alertmanager + ": amtool config routes test " + List.of(labels) + ": " + test.output());
        String receiver = test.output().strip();
        // The operator names a receiver of an AlertmanagerConfig <namespace>/<name>/<receiver>.
        return receiver.substring(receiver.lastIndexOf('/') + 1);
    }

    private static PinnedTools.Run amtool(PinnedTools.Tool alertmanager, String... arguments) {
        return alertmanager.run("amtool", Path.of(System.getProperty("matrixmon.e2e.work")), arguments);
    }
}

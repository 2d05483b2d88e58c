package io.matrixmon.e2e;

import static io.matrixmon.e2e.PrometheusClient.none;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Synapse's alerts against the real homeservers: one scenario per alert, each breaking something,
 * asserting through Prometheus's API which alerts fire and that no other alert is pending or
 * firing, then repairing it and waiting until the alert has resolved.
 */
@Order(4)
@ExtendWith(SharedStack.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SynapseAlertsIT {

    private static final Duration FIRE = Duration.ofSeconds(60);
    private static final Set<String> TOLERATED = Set.of(HealthyStackIT.FIRES_ON_HEALTHY_SYNAPSE);

    @Test
    @Order(1)
    void stoppedMainProcessFiresSynapseMainDown() throws Exception {
        Stack stack = SharedStack.stack();
        stack.synapse.stop(Synapse.MAIN);
        List<PrometheusClient.Alert> alerts = stack.prometheus.awaitFiringOnly("stop the Synapse main process",
                Set.of("SynapseMainDown"), TOLERATED, FIRE);
        assertEquals(Set.of("synapse/main/synapse-main-0"), firingFor(alerts, "SynapseMainDown"), alerts::toString);
        stack.synapse.start(Synapse.MAIN);
        stack.prometheus.awaitAlerts("start the Synapse main process again", "SynapseMainDown resolved", FIRE,
                none("SynapseMainDown"));
        stack.synapseClients.awaitTraffic("Synapse main process started again");
    }

    @Test
    @Order(2)
    void cpuAboveALoweredThresholdFiresSynapseHighCpu() throws Exception {
        // Every Synapse process uses more than a thousandth of a core.
        assertFiresForEveryProcess("SynapseHighCPU", "0.001");
    }

    @Test
    @Order(3)
    void memoryAboveALoweredThresholdFiresSynapseHighMemory() throws Exception {
        // Every Synapse process has more than 50 MB resident (about 120 MB each).
        assertFiresForEveryProcess("SynapseHighMemory", "50000000");
    }

    /** Installs the chart with the alert's threshold lowered, expects it for every process, restores the chart. */
    private static void assertFiresForEveryProcess(String alert, String threshold) throws Exception {
        Stack stack = SharedStack.stack();
        String scenario = "install with --set alerts." + alert + ".threshold=" + threshold;
        stack.installRules(new ChartRules(SharedStack.chart(), Map.of("alerts." + alert + ".threshold", threshold)));
        try {
            Set<String> everyProcess = new TreeSet<>();
            Synapse.all().forEach(p -> everyProcess.add((p == Synapse.LI ? "synapse-li" : "synapse") + "/"
                    + p.workerType() + "/" + p.name() + "-0"));
            List<PrometheusClient.Alert> alerts = stack.prometheus.awaitAlerts(scenario,
                    alert + " firing for " + everyProcess, FIRE,
                    current -> firingFor(current, alert).equals(everyProcess));
            stack.prometheus.awaitFiringOnly(scenario, Set.of(alert), TOLERATED, Duration.ZERO);
            assertEquals(everyProcess, firingFor(alerts, alert));
        } finally {
            stack.installRules(SharedStack.rules());
        }
        stack.prometheus.awaitAlerts("install with the default threshold again", alert + " resolved", FIRE,
                none(alert));
    }

    /** job/worker_type/pod of each firing instance of the alert. */
    private static Set<String> firingFor(List<PrometheusClient.Alert> alerts, String name) {
        Set<String> targets = new TreeSet<>();
        alerts.stream().filter(a -> a.name().equals(name) && a.state().equals("firing"))
                .forEach(a -> targets.add(a.labels().path("job").asText() + "/"
                        + a.labels().path("worker_type").asText() + "/" + a.labels().path("pod").asText()));
        return targets;
    }
}

package io.matrixmon.e2e;

import static io.matrixmon.e2e.PrometheusClient.none;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
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
@Order(5)
@ExtendWith(SharedStack.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Needs("synapse")
class SynapseAlertsIT {

    private static final Duration FIRE = Duration.ofSeconds(60);
    private static final Set<String> TOLERATED = Set.of();

    @Test
    @Order(1)
    void stoppedMainProcessFiresSynapseMainDown() throws Exception {
        Stack stack = SharedStack.stack();
        stack.synapse.stop(Synapse.MAIN);
        List<PrometheusClient.Alert> alerts = stack.prometheus.awaitFiringOnly("stop the Synapse main process",
                Set.of("SynapseMainDown"), TOLERATED, FIRE);
        assertEquals(Set.of("synapse/main/synapse-main-0"), firingFor(alerts, "SynapseMainDown"), alerts::toString);
        // Critical: the chart's routing sends it to the critical receiver.
        stack.notifications.awaitFiring("stop the Synapse main process", "critical", "SynapseMainDown",
                labels -> labels.path("pod").asText().equals("synapse-main-0"), Notifications.WITHIN);
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

    @Test
    @Order(4)
    void everyWorkerTypeStoppedFiresSynapseWorkerTypeDown() throws Exception {
        // All four types at once (one restart instead of four): each type's alert is its own series.
        Stack stack = SharedStack.stack();
        List<AlertScenario.Expected> expected = new ArrayList<>();
        Synapse.WORKERS.forEach(w -> expected.add(AlertScenario.alert("SynapseWorkerTypeDown",
                Map.of("job", "synapse", "worker_type", w.workerType()))));
        Synapse.WORKERS.forEach(w -> expected.add(AlertScenario.alert("SynapseWorkerUnreachable",
                Map.of("job", "synapse", "worker_type", w.workerType(), "pod", w.name() + "-0"))));
        AlertScenario.breakAndRepair(stack, "stop every Synapse worker (" + Synapse.WORKERS.size() + " types)",
                () -> Synapse.WORKERS.forEach(stack.synapse::stop), expected, FIRE,
                () -> stack.synapse.start(Synapse.WORKERS), FIRE);
        stack.synapseClients.awaitTraffic("Synapse workers started again");
    }

    @Test
    @Order(5)
    void stoppedLiInstanceFiresSynapseLIDown() throws Exception {
        Stack stack = SharedStack.stack();
        AlertScenario.breakAndRepair(stack, "stop the Synapse LI instance", () -> stack.synapse.stop(Synapse.LI),
                List.of(AlertScenario.alert("SynapseLIDown", Map.of("job", "synapse-li", "worker_type", "main",
                        "pod", "synapse-li-0"))), FIRE, () -> stack.synapse.start(Synapse.LI), FIRE);
    }

    /**
     * A trigger on Synapse's events table sleeps 1.2 s in every insert: each message send waits for
     * it in the event persister's transaction. The threshold is lowered to its minimum, 1 s (the
     * default, 2.5 s, would need sends slower than the trigger makes them, and resolves the alert).
     */
    @Test
    @Order(6)
    void slowEventPersistenceFiresSynapseSlowEventSend() throws Exception {
        Stack stack = SharedStack.stack();
        String scenario = "a trigger sleeping 1.2 s in every insert into events, --set alerts.SynapseSlowEventSend"
                + ".threshold=1";
        stack.installRules(new ChartRules(SharedStack.chart(), Map.of("alerts.SynapseSlowEventSend.threshold", "1")));
        stack.psql("synapse", "CREATE FUNCTION matrixmon_e2e_slow_insert() RETURNS trigger LANGUAGE plpgsql AS"
                + " $$ BEGIN PERFORM pg_sleep(1.2); RETURN NEW; END $$;"
                + " CREATE TRIGGER matrixmon_e2e_slow_insert BEFORE INSERT ON events FOR EACH ROW"
                + " EXECUTE FUNCTION matrixmon_e2e_slow_insert();");
        try {
            List<PrometheusClient.Alert> alerts = stack.prometheus.awaitFiringOnly(scenario,
                    Set.of("SynapseSlowEventSend"), TOLERATED, Duration.ofSeconds(150));
            System.out.println(scenario + ": " + alerts);
            assertEquals(Set.of("synapse/generic-worker/"), firingFor(alerts, "SynapseSlowEventSend"),
                    alerts::toString);
        } finally {
            stack.psql("synapse", "DROP TRIGGER matrixmon_e2e_slow_insert ON events;"
                    + " DROP FUNCTION matrixmon_e2e_slow_insert();");
            stack.installRules(SharedStack.scenarioRules());
        }
        stack.prometheus.awaitAlerts("drop the trigger, install with the default threshold", "SynapseSlowEventSend"
                + " resolved", FIRE, none("SynapseSlowEventSend"));
        stack.synapseClients.awaitTraffic("trigger dropped");
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
            stack.installRules(SharedStack.scenarioRules());
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

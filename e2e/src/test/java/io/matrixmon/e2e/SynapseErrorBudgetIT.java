package io.matrixmon.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A service-level objective against the real homeserver. It runs right after the healthy stack's
 * checks, while the objective's windows (up to three days) hold healthy traffic only: the scenarios
 * after it break Synapse on purpose and would have spent its budget already.
 */
@Order(4)
@ExtendWith(SharedStack.class)
class SynapseErrorBudgetIT {

    private static final String OBJECTIVE = "synapseClientApiAvailability";
    /** The ticket reads the same error ratios over longer windows; at a page's burn it fires too. */
    private static final Set<String> TOLERATED = Set.of("SynapseErrorBudgetSlowBurn");

    /**
     * A trigger on Synapse's events table raises an error in every insert: the event persister
     * cannot persist, and every message the clients send is answered 500 by the generic worker.
     * The sends alone stay under SynapseHighErrorRate's floor of 0.5 responses a second per worker
     * type, so only the objective of the client API, counted over all of the homeserver's
     * responses, pages.
     */
    @Test
    void failingMessageSendsPageByTheClientApiErrorBudget() throws Exception {
        Stack stack = SharedStack.stack();
        String scenario = "a trigger raising an error in every insert into events, --set slos." + OBJECTIVE + ".enabled=true";
        stack.installRules(new ChartRules(SharedStack.chart(), Map.of("slos." + OBJECTIVE + ".enabled", true)));
        // Healthy traffic first: the objective's rules evaluate and burn nothing.
        Processes.sleep(10_000);
        assertEquals(List.of(), stack.prometheus.alerts(), "Scenario '" + scenario + "' before the trigger");
        stack.psql("synapse", "CREATE FUNCTION matrixmon_e2e_failing_insert() RETURNS trigger LANGUAGE plpgsql AS"
                + " $$ BEGIN RAISE EXCEPTION 'matrixmon e2e: events refused'; END $$;"
                + " CREATE TRIGGER matrixmon_e2e_failing_insert BEFORE INSERT ON events FOR EACH ROW"
                + " EXECUTE FUNCTION matrixmon_e2e_failing_insert();");
        try {
            List<PrometheusClient.Alert> alerts = stack.prometheus.awaitFiringOnly(scenario,
                    Set.of("SynapseErrorBudgetBurn"), TOLERATED, Duration.ofSeconds(120));
            System.out.println(scenario + ": " + alerts);
            Set<String> burning = new TreeSet<>();
            alerts.stream().filter(a -> a.name().equals("SynapseErrorBudgetBurn") && a.state().equals("firing"))
                    .forEach(a -> burning.add(a.labels().path("slo").asText() + "/" + a.labels().path("namespace").asText()
                            + "/" + a.labels().path("matrix_instance").asText()));
            assertEquals(Set.of(OBJECTIVE + "/matrix/main"), burning, alerts::toString);
            stack.notifications.awaitFiring(scenario, "critical", "SynapseErrorBudgetBurn",
                    labels -> labels.path("slo").asText().equals(OBJECTIVE)
                            && labels.path("namespace").asText().equals("matrix")
                            && labels.path("matrix_instance").asText().equals("main"), Notifications.WITHIN);
        } finally {
            stack.psql("synapse", "DROP TRIGGER matrixmon_e2e_failing_insert ON events;"
                    + " DROP FUNCTION matrixmon_e2e_failing_insert();");
            stack.installRules(SharedStack.scenarioRules());
        }
        stack.synapseClients.awaitTraffic("trigger dropped");
        List<PrometheusClient.Alert> after = stack.prometheus.awaitAlerts("drop the trigger, install without the objective",
                "no alert", Duration.ofSeconds(30), List::isEmpty);
        assertTrue(after.isEmpty(), after::toString);
    }
}

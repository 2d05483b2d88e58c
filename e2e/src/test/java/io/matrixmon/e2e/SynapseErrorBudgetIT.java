package io.matrixmon.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A service-level objective against the real homeserver. Its windows (up to three days) must hold
 * healthy traffic only, while the other scenarios break Synapse on purpose and would spend its
 * budget: it runs right after the healthy stack's checks, and in any other order it first waits
 * until the 5-minute window of the responses it counts holds no 5xx (the longer windows average
 * the 5m rates recorded since it is switched on).
 * <p>
 * The objective is switched on here, so its recordings start with the scenario: the longer windows
 * average the 5m rates recorded so far, as they do on a Prometheus younger than the window, and the
 * clients' one request a second is above the objective's minimum rate of 0.1 from the first
 * minutes. Only the message sends fail, but they are a share of the client-API responses far above
 * 14.4 times the 0.1% budget, so the 5m and the 1h error ratios pass it within a minute or two and
 * the page follows its for (the suite's 5 s). More failing traffic would come no sooner, and through the
 * generic worker it would also take its 5xx share over SynapseHighErrorRate's floor, whose 5-minute
 * window the scenarios after this one would inherit.
 */
@Order(4)
@ExtendWith(SharedStack.class)
@Needs("synapse")
class SynapseErrorBudgetIT {

    private static final String OBJECTIVE = "synapseClientApiAvailability";
    /** The ticket reads the same error ratios over longer windows; at a page's burn it fires too. */
    private static final Set<String> TOLERATED = Set.of("SynapseErrorBudgetSlowBurn");
    /** Generous for a busy 2-core machine: the page's for of 2 minutes and a few evaluations (see above). */
    private static final Duration DEADLINE = Duration.ofSeconds(480);
    /** The responses the objective counts: the main homeserver's, without its server-to-server servlets. */
    private static final String RESPONSES = "synapse_http_server_response_time_seconds_count{matrix_instance=\"main\","
            + " servlet!~\"Federation.*|Replication.*|On3pidBindServlet|OpenIdUserInfo|PublicRoomList\"}";

    /**
     * A trigger on Synapse's events table raises an error in every insert: the event persister
     * cannot persist, and every message the clients send is answered 500 by the generic worker (and
     * the persister's replication servlet, which the objective does not count). The sends alone stay
     * under SynapseHighErrorRate's floor of 0.5 responses a second per worker type. The page must
     * reach the critical receiver with the homeserver's labels; afterwards the trigger is dropped
     * and the rules without objectives are installed again, as the scenarios after this one expect.
     */
    @Test
    void failingMessageSendsPageByTheClientApiErrorBudget() throws Exception {
        Stack stack = SharedStack.stack();
        String scenario = "a trigger raising an error in every insert into events, --set slos." + OBJECTIVE + ".enabled=true";
        awaitNoErrorsInTheWindow(stack, scenario);
        stack.installRules(new ChartRules(SharedStack.chart(), Map.of("slos." + OBJECTIVE + ".enabled", true)));
        Processes.sleep(10_000);
        System.out.println(scenario + ", before the trigger: " + sli(stack));
        List<PrometheusClient.Alert> before = stack.prometheus.alerts();
        assertEquals(List.of(), before.stream().filter(a -> !stack.ledger.covers(a)).toList(), "Scenario '" + scenario
                + "' before the trigger (besides the ledger's " + stack.ledger.open() + ")");
        stack.psql("synapse", "CREATE FUNCTION matrixmon_e2e_failing_insert() RETURNS trigger LANGUAGE plpgsql AS"
                + " $$ BEGIN RAISE EXCEPTION 'matrixmon e2e: events refused'; END $$;"
                + " CREATE TRIGGER matrixmon_e2e_failing_insert BEFORE INSERT ON events FOR EACH ROW"
                + " EXECUTE FUNCTION matrixmon_e2e_failing_insert();");
        long start = System.nanoTime();
        try {
            long nextReport = 0;
            while (!PrometheusClient.firing("SynapseErrorBudgetBurn").test(stack.prometheus.alerts())) {
                long elapsed = Duration.ofNanos(System.nanoTime() - start).toSeconds();
                if (elapsed >= nextReport) {
                    System.out.println(scenario + ", " + elapsed + "s: " + sli(stack));
                    nextReport += 15;
                }
                if (elapsed > DEADLINE.toSeconds()) {
                    throw new AssertionError("Scenario '" + scenario + "': no SynapseErrorBudgetBurn within "
                            + DEADLINE.toSeconds() + "s; " + sli(stack) + "; alerts " + stack.prometheus.alerts());
                }
                Processes.sleep(1000);
            }
            System.out.println(scenario + ": SynapseErrorBudgetBurn firing after "
                    + Duration.ofNanos(System.nanoTime() - start).toSeconds() + "s; " + sli(stack));
            List<PrometheusClient.Alert> alerts = stack.prometheus.awaitFiringOnly(scenario,
                    Set.of("SynapseErrorBudgetBurn"), TOLERATED, Duration.ofSeconds(5));
            Set<String> burning = new TreeSet<>();
            alerts.stream().filter(a -> a.name().equals("SynapseErrorBudgetBurn") && a.state().equals("firing"))
                    .forEach(a -> burning.add(a.labels().path("slo").asText() + "/" + a.labels().path("namespace").asText()
                            + "/" + a.labels().path("matrix_instance").asText()));
            assertEquals(Set.of(OBJECTIVE + "/matrix/main"), burning, alerts::toString);
            stack.notifications.awaitFiring(scenario, "critical", "SynapseErrorBudgetBurn",
                    labels -> labels.path("slo").asText().equals(OBJECTIVE)
                            && labels.path("namespace").asText().equals("matrix")
                            && labels.path("matrix_instance").asText().equals("main"), Notifications.WITHIN);
            System.out.println(scenario + ": notified after " + Duration.ofNanos(System.nanoTime() - start).toSeconds() + "s");
        } finally {
            stack.psql("synapse", "DROP TRIGGER matrixmon_e2e_failing_insert ON events;"
                    + " DROP FUNCTION matrixmon_e2e_failing_insert();");
            stack.installRules(SharedStack.scenarioRules());
        }
        stack.synapseClients.awaitTraffic("trigger dropped");
        stack.prometheus.awaitAlerts("drop the trigger, install without the objective",
                "no alert besides the ledger's " + stack.ledger.open(), Duration.ofSeconds(30),
                alerts -> alerts.stream().allMatch(stack.ledger::covers));
    }

    /**
     * Waits until the 5-minute window of the responses the objective counts holds no 5xx: an
     * earlier scenario's errors (a stopped process, PostgreSQL down) would otherwise burn the
     * budget as soon as the objective is switched on. No wait right after the healthy stack.
     */
    private static void awaitNoErrorsInTheWindow(Stack stack, String scenario) {
        String errors = "sum(rate(" + RESPONSES.replace("}", ", code=~\"5..\"}") + "[5m])) > 0";
        long start = System.nanoTime();
        LoopbackApi.await(scenario, "no 5xx of the objective's responses in the last 5 minutes", "the query " + errors,
                Duration.ofMinutes(7), Duration.ofSeconds(5), () -> stack.prometheus.query(errors), JsonNode::isEmpty);
        long waited = Duration.ofNanos(System.nanoTime() - start).toSeconds();
        if (waited > 0) {
            System.out.println(scenario + ": waited " + waited + "s for the earlier scenarios' 5xx to leave the window");
        }
    }

    /** What the objective's rules see: its error ratios, the homeserver's responses by code, the floor. */
    private static String sli(Stack stack) {
        return "ratio5m " + values(stack, "slo:sli_error:ratio_rate5m{slo=\"" + OBJECTIVE + "\"}")
                + ", ratio1h " + values(stack, "slo:sli_error:ratio_rate1h{slo=\"" + OBJECTIVE + "\"}")
                + ", responses/s by code over 5m " + values(stack, "sum by (code) (rate(" + RESPONSES + "[5m]))")
                + ", events a second averaged over 1h (under the minimum rate of 0.1 no 1h ratio is recorded) "
                + values(stack, "avg_over_time(slo:sli_events:rate5m{slo=\"" + OBJECTIVE + "\"}[1h])")
                + ", by servlet 5xx 5m " + values(stack, "sum by (servlet, worker_type) (rate(" + RESPONSES.replace("}", ", code=~\"5..\"}") + "[5m]))");
    }

    private static String values(Stack stack, String promql) {
        StringBuilder out = new StringBuilder("[");
        stack.prometheus.query(promql).forEach(r -> out.append(r.path("metric")).append('=')
                .append(r.path("value").path(1).asText()).append(' '));
        return out.append(']').toString();
    }
}

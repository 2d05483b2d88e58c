package io.matrixmon.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole stack healthy, Synapse under real client traffic and the sync system's media sync
 * running every minute, one of its runs failing once and succeeding on its retry: no alert may be
 * pending or firing (the components a run does not start are switched off in the suite's values,
 * see {@link Components}), Alertmanager holds none and notifies no receiver, every recording rule
 * and every dashboard panel of the running components returns data.
 */
@Order(1)
@ExtendWith(SharedStack.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HealthyStackIT {

    /**
     * Longer than two long-poll cycles (a sync that times out is counted when it returns after
     * 30 s) plus the suite's "for" of 5 s and a Synapse scrape (5 s): every alert has had its
     * chance. The rate windows (5m) hold everything since Prometheus started, so nothing healthy
     * is averaged away.
     */
    static final Duration HEALTHY_WINDOW = Duration.ofSeconds(75);

    /**
     * The media sync's run by hand started with the window: its first pod fails, the job controller
     * retries it (after its back-off of 10 s) and the retry succeeds, within the window.
     */
    static final String RETRIED = MediaSync.CRONJOB + "-retried";

    @Test
    @Order(1)
    void healthyTrafficRaisesNoAlert() {
        Stack stack = SharedStack.stack();
        // Until Prometheus has scraped every target once, the absent() of every down alert holds;
        // and just after the first scrapes a rule can see a gauge that has only one sample (the
        // federation sender's position, a batch behind the writer's, makes SynapseFederationSendingStalled
        // pending for a second or two). The window starts once no alert has been pending or firing for
        // START_UP_QUIET: the down alerts of five-second scrapes have resolved, such a gauge has moved.
        stack.prometheus.awaitTargetsUp(Duration.ofSeconds(30));
        awaitQuiet(stack.prometheus, Duration.ofSeconds(60));
        // The start-up's down alerts that fired were notified, and their resolution: none of that
        // belongs to the healthy window (Alertmanager sends a resolution within its group interval, a second).
        stack.notifications.clear();
        Instant windowStart = Instant.now();
        stack.mediaSync.runNow(RETRIED, MediaSync.Outcome.FAIL_ONCE);
        boolean synapse = Components.isStarted("synapse");
        long syncsBefore = synapse ? stack.synapseClients.syncs() : 0;
        long sentBefore = synapse ? stack.synapseClients.sent() : 0;
        Set<String> unexpected = new LinkedHashSet<>();
        List<PrometheusClient.Alert> last = List.of();
        long end = System.nanoTime() + HEALTHY_WINDOW.toNanos();
        while (System.nanoTime() < end) {
            last = stack.prometheus.alerts();
            last.stream().map(Object::toString).forEach(unexpected::add);
            Processes.sleep(1000);
        }
        assertEquals(Set.of(), unexpected, "Scenario 'healthy stack, Synapse under client traffic for "
                + HEALTHY_WINDOW.toSeconds() + "s': expected no pending or firing alert; Prometheus's /api/v1/alerts"
                + " last returned " + last);
        assertEquals(List.of(), stack.notifications.received(), "Scenario 'healthy stack': expected no"
                + " notification at the chart's receivers during the healthy window");
        assertEquals(List.of(), stack.alertmanager.alerts(), "Scenario 'healthy stack': expected no alert in"
                + " Alertmanager's /api/v2/alerts");
        if (synapse) {
            long syncs = stack.synapseClients.syncs() - syncsBefore;
            long sent = stack.synapseClients.sent() - sentBefore;
            assertTrue(syncs >= 40 && sent >= 25, "the clients drove Synapse: " + syncs + " syncs, " + sent + " messages");
        }
        assertTheMediaSyncRan(stack, windowStart);
    }

    /**
     * What the media sync did during the window: a run of the schedule succeeded (the window is
     * longer than its minute), and the run by hand had one failed and one succeeded pod, as its Job
     * says and as Prometheus scraped it from kube-state-metrics.
     */
    private static void assertTheMediaSyncRan(Stack stack, Instant windowStart) {
        MediaSync sync = stack.mediaSync;
        String scenario = "Scenario 'healthy stack': the media sync's runs during the window (" + sync.summary() + ")";
        assertTrue(sync.scheduledRuns().stream().anyMatch(job -> MediaSync.hasCondition(job, "Complete")
                && Instant.parse(job.path("status").path("completionTime").asText()).isAfter(windowStart)),
                scenario + ": a run of the schedule succeeded");
        JsonNode retried = sync.job(RETRIED);
        assertTrue(MediaSync.hasCondition(retried, "Complete"), scenario + ": " + RETRIED + " Complete");
        JsonNode status = retried.path("status");
        assertEquals(List.of(1, 1), List.of(status.path("failed").asInt(), status.path("succeeded").asInt()),
                scenario + ": failed and succeeded pods of " + RETRIED);
        for (String metric : List.of("kube_job_status_failed", "kube_job_status_succeeded")) {
            String scraped = "max_over_time(" + metric + "{job=\"kube-state-metrics\", namespace=\"" + MediaSync.NAMESPACE
                    + "\", job_name=\"" + RETRIED + "\"}[5m]) == 1";
            assertEquals(1, stack.prometheus.query(scraped).size(), scenario + ": " + scraped);
        }
    }

    /** The scenarios that follow break things: they run without the service-level objectives (ChartRules.WITH_OBJECTIVES). */
    @AfterAll
    static void installTheScenariosRules() throws Exception {
        SharedStack.stack().installRules(SharedStack.scenarioRules());
    }

    /** How long no alert may be pending or firing before the healthy window starts. */
    private static final Duration START_UP_QUIET = Duration.ofSeconds(10);

    private static void awaitQuiet(PrometheusClient prometheus, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long quietSince = System.nanoTime();
        List<PrometheusClient.Alert> alerts = prometheus.alerts();
        while (!alerts.isEmpty() || System.nanoTime() - quietSince < START_UP_QUIET.toNanos()) {
            if (!alerts.isEmpty()) {
                quietSince = System.nanoTime();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Scenario 'start-up': expected the alerts of the first seconds resolved and"
                        + " none for " + START_UP_QUIET.toSeconds() + "s within " + timeout.toSeconds()
                        + "s; Prometheus's /api/v1/alerts returned " + alerts);
            }
            Processes.sleep(500);
            alerts = prometheus.alerts();
        }
    }

    /**
     * SynapseHighSyncLatency reads the CPU and database time an incremental sync costs, not the p95
     * of every /sync (pinned at the 10 s bucket by long-polls): with the clients
     * long-polling, the busy time is milliseconds, the raw p95 still at the top, and no alert of
     * the chart, every one enabled, is pending or firing.
     */
    @Test
    @Order(2)
    @Needs("synapse")
    void longPollingSyncRaisesNoAlertWithEveryAlertEnabled() {
        Stack stack = SharedStack.stack();
        List<String> loaded = SharedStack.rules().alertNames();
        List<String> missing = new ArrayList<>(ChartRules.alertsOf("synapse"));
        missing.removeAll(loaded);
        assertEquals(List.of(), missing, "Synapse alerts the suite's install does not render");
        int rules = 0;
        for (JsonNode group : stack.prometheus.ruleGroupsLoaded()) {
            for (JsonNode rule : group.path("rules")) {
                if (rule.path("type").asText().equals("alerting")) {
                    rules++;
                    assertEquals("ok", rule.path("health").asText(), rule::toString);
                }
            }
        }
        assertEquals(loaded.size(), rules, "alerting rules Prometheus evaluates");
        // The long-polls are there: the LI user's syncs wait out their 30 s, so the raw p95 of the
        // LI instance is at the top bucket (the synchrotron's clients are woken by each message).
        JsonNode rawP95 = stack.prometheus.query("histogram_quantile(0.95, sum by (job, worker_type, le)"
                + " (rate(synapse_http_server_response_time_seconds_bucket{servlet=\"SyncRestServlet\","
                + " tag=\"sync_v2:incremental_sync\"}[5m]))) >= 5");
        // The alert's signal exists for both (it is not silent for want of series) and is far below
        // its threshold (0.5 s).
        JsonNode busy = stack.prometheus.query(
                "job_worker_type:synapse_http_server_incremental_sync_busy_seconds:mean5m < 0.25");
        System.out.println("incremental /sync busy seconds: " + stack.prometheus.query(
                "job_worker_type:synapse_http_server_incremental_sync_busy_seconds:mean5m") + "; raw p95: " + rawP95);
        Set<String> longPolled = new LinkedHashSet<>();
        rawP95.forEach(r -> longPolled.add(r.path("metric").path("job").asText() + "/"
                + r.path("metric").path("worker_type").asText()));
        Set<String> cheap = new LinkedHashSet<>();
        busy.forEach(r -> cheap.add(r.path("metric").path("job").asText() + "/"
                + r.path("metric").path("worker_type").asText()));
        assertTrue(longPolled.contains("synapse-li/main"), rawP95::toString);
        assertEquals(Set.of("synapse/synchrotron", "synapse-li/main"), cheap, busy::toString);
        List<PrometheusClient.Alert> alerts = stack.prometheus.alerts();
        assertEquals(List.of(), alerts, "Scenario 'healthy Synapse, clients long-polling /sync, " + rules
                + " alerting rules': expected no pending or firing alert");
    }

    /**
     * Recording rules that are empty on the healthy stack, with what their series need; the test
     * checks that they still exist, so the list cannot outlive its rules.
     */
    private static final Map<String, String> RECORDS_EMPTY_ON_THE_HEALTHY_STACK = Map.of(
            "cnpg_io_cluster:sync_system_li_replication_lag_seconds:max",
            "an LI PostgreSQL cluster fed from the main one (the suite's LI instance keeps its database on the main cluster)",
            "cronjob:sync_system_media_suspended_timestamp_seconds:max1w",
            "a suspension of the media sync CronJob (SyncSystemAlertsIT suspends it)");

    @Test
    @Order(3)
    void everyRecordingRuleReturnsData() {
        ChartRules rules = SharedStack.rules();
        List<String> empty = new ArrayList<>();
        for (String record : rules.recordingRules()) {
            if (!RECORDS_EMPTY_ON_THE_HEALTHY_STACK.containsKey(record)
                    && SharedStack.stack().prometheus.query(record).isEmpty()) {
                empty.add(record);
            }
        }
        assertEquals(List.of(), empty, "recording rules without data");
        List<String> gone = new ArrayList<>(RECORDS_EMPTY_ON_THE_HEALTHY_STACK.keySet());
        gone.removeAll(rules.recordingRules());
        assertEquals(List.of(), gone, "recording rules listed as empty on the healthy stack that the chart no longer has");
        assertTrue(rules.recordingRules().size() >= 12, rules.recordingRules()::toString);
    }

    /**
     * Panels that are empty on the healthy stack, with what their series need (one PostgreSQL outside
     * Kubernetes has no standby, slot, archive or kubelet); the test checks that they still exist,
     * so the list cannot outlive its panels.
     */
    private static final Map<String, String> EMPTY_ON_THE_HEALTHY_STACK = Map.ofEntries(
            Map.entry("postgresql: Last backup, last failure, first recoverability point B", "a failed backup"),
            Map.entry("postgresql: Last backup, last failure, first recoverability point D",
                    "the Barman Cloud plugin (the suite's cluster backs up in core)"),
            Map.entry("postgresql: Replay lag per standby A", "a standby streaming from the primary"),
            Map.entry("postgresql: WAL retained by replication slots A", "a replication slot"),
            Map.entry("postgresql: Inactive replication slots A", "a replication slot"),
            Map.entry("postgresql: Time since the last archived segment A", "a WAL archive"),
            Map.entry("postgresql: Volume use A", "a kubelet reporting the instances' volumes"),
            Map.entry("postgresql: Free space A", "a kubelet reporting the instances' volumes"),
            Map.entry("synapse: 5xx responses by worker type A", "a 5xx response (Synapse creates the series with the first)"),
            Map.entry("synapse: 5xx responses by worker type B", "a 5xx response (Synapse creates the series with the first)"),
            Map.entry("synapse: State resolutions while persisting A", "a state resolution"),
            Map.entry("synapse: Federation sent A", "a remote homeserver"),
            Map.entry("synapse: Federation sent B", "a remote homeserver"),
            Map.entry("synapse: Federation sent C", "a remote homeserver"),
            Map.entry("synapse: Federation received A", "a remote homeserver"),
            Map.entry("synapse: Federation received B", "a remote homeserver"),
            Map.entry("synapse: Push notifications A", "a pusher (a mobile client)"),
            Map.entry("synapse: Push notifications B", "a pusher (a mobile client)"),
            Map.entry("synapse: Badge updates A", "a pusher (a mobile client)"),
            Map.entry("synapse: Badge updates B", "a pusher (a mobile client)"),
            Map.entry("key-vault: 5xx share A",
                    "a 5xx response (django-prometheus creates a status's series with its first response)"),
            Map.entry("sync-system: LI replication lag A",
                    "an LI PostgreSQL cluster fed from the main one (the suite's LI instance keeps its database on the main cluster)"));

    @Test
    @Order(3)
    void everyDashboardPanelOfTheRunningComponentsReturnsData() {
        List<String> empty = new ArrayList<>();
        Set<String> skipped = new TreeSet<>();
        int panels = 0;
        List<String> dashboards = new ArrayList<>(Components.started());
        // The sync system is no component a run may leave out: its CronJob lives in the control plane.
        dashboards.add("sync-system");
        dashboards.add("prometheus");
        for (String dashboard : dashboards) {
            for (var query : SharedStack.rules().panelQueries(dashboard).entrySet()) {
                panels++;
                String panel = dashboard + ": " + query.getKey();
                if (EMPTY_ON_THE_HEALTHY_STACK.containsKey(panel)) {
                    skipped.add(panel);
                } else if (SharedStack.stack().prometheus.query(query.getValue()).isEmpty()) {
                    empty.add(panel + ": " + query.getValue());
                }
            }
        }
        assertEquals(List.of(), empty, "dashboard panels without data");
        Set<String> emptyOfTheRunning = new TreeSet<>(EMPTY_ON_THE_HEALTHY_STACK.keySet());
        emptyOfTheRunning.removeIf(panel -> !dashboards.contains(panel.substring(0, panel.indexOf(':'))));
        assertEquals(emptyOfTheRunning, skipped, "panels empty on the healthy stack");
        assertTrue(panels >= (Components.started().size() == Components.ALL.size() ? 25 : 1), "panels checked: " + panels);
    }
}

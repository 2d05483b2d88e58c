package io.matrixmon.e2e;

import static io.matrixmon.e2e.AlertScenario.alert;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.matrixmon.core.component.Components;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.yaml.snakeyaml.Yaml;

/**
 * The sync system's media sync alerts against a real CronJob: the controller manager runs it every
 * minute, kwok's node runs its pods, the stack's kube-state-metrics reports it and Prometheus
 * scrapes that through kube-prometheus-stack's ServiceMonitor ({@link MediaSync}). The chart is
 * installed with the sync system on for this class and restored after it. The scenarios wait for a
 * run of the schedule to have just succeeded, so that each starts from a fresh success.
 */
@Order(10)
@ExtendWith(SharedStack.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SyncSystemAlertsIT {

    /** A minute's schedule, plus kwok, kube-state-metrics, a scrape and an evaluation. */
    private static final Duration NEXT_RUN = Duration.ofSeconds(90);
    private static final Map<String, String> CRONJOB = Map.of("namespace", MediaSync.NAMESPACE, "cronjob",
            MediaSync.CRONJOB);

    private static Stack stack;
    private static MediaSync sync;

    @BeforeAll
    static void createTheCronJob() throws Exception {
        stack = SharedStack.stack();
        sync = MediaSync.create(stack.kubernetesApi());
        // The CronJob is known to Prometheus before the rules are: SyncSystemMediaSyncStale's absent() holds until then.
        stack.prometheus.awaitAlerts("create the CronJob " + MediaSync.CRONJOB, "kube_cronjob_info scraped",
                Duration.ofSeconds(60), alerts -> !stack.prometheus.query("kube_cronjob_info{job=\"kube-state-metrics\","
                        + " namespace=\"" + MediaSync.NAMESPACE + "\", cronjob=\"" + MediaSync.CRONJOB + "\"}").isEmpty());
        stack.installRules(new ChartRules(SharedStack.chart(), ChartRules.SYNC_SYSTEM));
    }

    /** The suite's values first: without the CronJob, SyncSystemMediaSyncStale's absent() would hold. */
    @AfterAll
    static void deleteTheCronJob() throws Exception {
        try {
            stack.installRules(SharedStack.scenarioRules());
        } finally {
            if (sync != null) {
                sync.close();
            }
        }
    }

    /**
     * Two runs of the schedule and a run by hand whose first pod fails and whose retry succeeds
     * (backoffLimit 1): no alert. The retrying Job has no Failed condition, so
     * SyncSystemMediaJobFailing does not count it.
     */
    @Test
    @Order(1)
    void healthyRunsAndARetryThatSucceedsAreSilent() {
        String scenario = "the media sync runs every minute, one run by hand succeeds on its retry";
        Instant start = Instant.now();
        Set<String> raised = java.util.Collections.synchronizedSet(new LinkedHashSet<>());
        ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor();
        watch.scheduleWithFixedDelay(() -> stack.prometheus.alerts().stream().filter(a -> !stack.ledger.covers(a))
                .forEach(a -> raised.add(a.toString())), 0, 1, TimeUnit.SECONDS);
        try {
            runHealthy(scenario);
        } finally {
            watch.shutdownNow();
        }
        assertEquals(Set.of(), Set.copyOf(raised), "Scenario '" + scenario + "': alerts pending or firing (besides the ledger's "
                + stack.ledger.open() + ")");
        System.out.printf("Scenario '%s': silent for %d s, Jobs: %s%n", scenario,
                Duration.between(start, Instant.now()).toSeconds(), sync.summary());
    }

    private static void runHealthy(String scenario) {
        Instant start = Instant.now();
        sync.awaitScheduledRun(scenario, start.minusSeconds(5), "Complete", NEXT_RUN);
        sync.runNow(MediaSync.CRONJOB + "-retried", MediaSync.Outcome.FAIL_ONCE);
        sync.awaitJob(scenario, MediaSync.CRONJOB + "-retried", "Complete", Duration.ofSeconds(60));
        JsonNode retried = sync.job(MediaSync.CRONJOB + "-retried").path("status");
        assertEquals(List.of(1, 1), List.of(retried.path("failed").asInt(), retried.path("succeeded").asInt()),
                "failed and succeeded pods of the retried Job: " + retried);
        sync.awaitScheduledRun(scenario, Instant.now(), "Complete", NEXT_RUN);
        // Prometheus has seen the retry's failed pod and its success.
        stack.prometheus.awaitAlerts(scenario, "kube-state-metrics's failed pod of the retried Job scraped",
                Duration.ofSeconds(30), alerts -> !stack.prometheus.query("kube_job_status_failed{job_name=\""
                        + MediaSync.CRONJOB + "-retried\"} == 1").isEmpty());
    }

    /**
     * Every run of the media sync fails (both pods of a Job exit 1): the newest Job has the Failed
     * condition and started after the newest successful one. Repaired, the run started by hand
     * succeeds and is the newest.
     */
    @Test
    @Order(2)
    void aFailingRunFiresSyncSystemMediaJobFailing() throws Exception {
        String scenario = "a run of the media sync fails (its retry too)";
        sync.awaitScheduledRun(scenario, Instant.now(), "Complete", NEXT_RUN);
        AlertScenario.breakAndRepair(stack, scenario, () -> {
            sync.nextRuns(MediaSync.Outcome.FAIL);
            sync.runNow(MediaSync.CRONJOB + "-failing", MediaSync.Outcome.FAIL);
        }, List.of(alert("SyncSystemMediaJobFailing", Map.of("namespace", MediaSync.NAMESPACE, "severity", "critical"))),
                Duration.ofSeconds(90), () -> {
                    sync.nextRuns(null);
                    sync.runNow(MediaSync.CRONJOB + "-rerun", null);
                }, Duration.ofSeconds(60));
        assertEquals(true, MediaSync.hasCondition(sync.job(MediaSync.CRONJOB + "-failing"), "Failed"), sync.summary());
    }

    /** The CronJob suspended: SyncSystemMediaSyncStale at once (its next schedule time is gone: nothing else). */
    @Test
    @Order(3)
    void aSuspendedCronJobFiresSyncSystemMediaSyncStale() throws Exception {
        String scenario = "the media sync CronJob suspended";
        sync.awaitScheduledRun(scenario, Instant.now(), "Complete", NEXT_RUN);
        AlertScenario.breakAndRepair(stack, scenario, () -> sync.suspend(true),
                List.of(alert("SyncSystemMediaSyncStale", with(CRONJOB, "severity", "critical"))),
                Duration.ofSeconds(45), () -> sync.suspend(false), Duration.ofSeconds(45));
    }

    /**
     * A run hangs; concurrencyPolicy Forbid keeps the next from starting: the run due a minute
     * later does not start (SyncSystemMediaSyncMissedSchedule after the suite's 60 s) and no run
     * succeeds for two schedule periods (SyncSystemMediaSyncStale). SyncSystemMediaJobRunningLong
     * stays silent: it allows any run 10 minutes. Repaired as an operator would: the stuck Job
     * deleted, the controller starts the missed run at once, kwok runs it to success.
     */
    @Test
    @Order(4)
    void aHangingRunUnderForbidFiresStaleAndMissedSchedule() throws Exception {
        String scenario = "a run of the media sync hangs, concurrencyPolicy Forbid";
        sync.awaitScheduledRun(scenario, Instant.now(), "Complete", NEXT_RUN);
        Instant broken = Instant.now();
        String[] hanging = new String[1];
        AlertScenario.breakAndRepair(stack, scenario, () -> {
            sync.nextRuns(MediaSync.Outcome.HANG);
            ControlPlane.await("scenario '" + scenario + "': the next run started and running", NEXT_RUN, () -> {
                for (JsonNode job : sync.scheduledRuns()) {
                    if (Instant.parse(job.path("metadata").path("creationTimestamp").asText()).isAfter(broken)
                            && job.path("status").path("active").asInt() == 1) {
                        hanging[0] = job.path("metadata").path("name").asText();
                        return true;
                    }
                }
                return false;
            });
        }, List.of(alert("SyncSystemMediaSyncStale", with(CRONJOB, "severity", "critical")),
                alert("SyncSystemMediaSyncMissedSchedule", with(CRONJOB, "severity", "warning"))),
                Duration.ofMinutes(4), () -> {
                    sync.nextRuns(null);
                    sync.delete(hanging[0]);
                }, Duration.ofSeconds(90));
    }

    /**
     * Every metric of the kube-state-metrics catalog in what Prometheus scraped from kube-state-metrics
     * 2.20.0, after the runs above (the Failed and Complete conditions exist only once a Job has
     * them). kube_cronjob_spec_starting_deadline_seconds exists only for a CronJob that sets
     * startingDeadlineSeconds, which this one (as the bundle's fixtures) does not.
     */
    @Test
    @Order(5)
    @SuppressWarnings("unchecked")
    void everyCatalogMetricIsScrapedFromKubeStateMetrics() {
        String catalog = Components.embedded().sharedCatalogs().get("kube-state-metrics");
        if (catalog == null) {
            throw new IllegalStateException("no kube-state-metrics catalog among " + Components.embedded().sharedCatalogs().keySet());
        }
        Set<String> scraped = new TreeSet<>();
        stack.prometheus.query("count by (__name__) ({job=\"kube-state-metrics\", namespace=\"" + MediaSync.NAMESPACE
                + "\"})").forEach(series -> scraped.add(series.path("metric").path("__name__").asText()));
        List<String> missing = new ArrayList<>();
        for (Map<String, Object> metric : (List<Map<String, Object>>) new Yaml().<Map<String, Object>>load(catalog)
                .get("metrics")) {
            String name = (String) metric.get("name");
            if (!scraped.contains(name) && !name.equals("kube_cronjob_spec_starting_deadline_seconds")) {
                missing.add(name);
            }
        }
        assertEquals(List.of(), missing, "catalogued kube-state-metrics metrics not scraped; scraped: " + scraped);
    }

    private static Map<String, String> with(Map<String, String> labels, String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(labels);
        more.put(name, value);
        return more;
    }
}

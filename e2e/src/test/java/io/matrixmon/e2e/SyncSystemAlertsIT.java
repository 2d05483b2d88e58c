package io.matrixmon.e2e;

import static io.matrixmon.e2e.AlertScenario.alert;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.matrixmon.core.component.Components;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.yaml.snakeyaml.Yaml;

/**
 * The sync system's media sync alerts against a real CronJob ({@link MediaSync}, running every
 * minute since the stack started): the controller manager creates its Jobs, kwok's node runs their
 * pods, the stack's kube-state-metrics reports them and Prometheus scrapes that through
 * kube-prometheus-stack's ServiceMonitor. Its healthy runs, one of them succeeding on a retry, are
 * part of the healthy stack ({@link HealthyStackIT}).
 *
 * <p>A hanging run is a run of the schedule (concurrencyPolicy Forbid counts no run by hand), and
 * its alerts need two minutes after it started; so the class tells the schedule's runs to hang
 * first ({@link #armTheHangingRun()}) and runs the failing and the suspended scenarios, which use
 * runs by hand and the suspension, while it waits for the next run of the schedule. Each repair
 * ends in a successful run by hand, the CronJob's last success, from which the next scenario
 * starts; no scenario waits for the schedule. After the class the CronJob runs as before and its
 * last run succeeded ({@link MediaSync#restore}): any class can follow.
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
    /** When the schedule's runs were told to hang. */
    private static Instant armed;

    /**
     * From now on the schedule's runs hang: the next one starts within a minute and holds the
     * CronJob under Forbid. Until two minutes after it started it raises no alert, and the runs by
     * hand of the failing scenario do not count against Forbid.
     */
    @BeforeAll
    static void armTheHangingRun() {
        stack = SharedStack.stack();
        sync = stack.mediaSync;
        stack.prometheus.awaitAlerts("the media sync CronJob " + MediaSync.CRONJOB, "kube_cronjob_info scraped",
                Duration.ofSeconds(60), alerts -> !stack.prometheus.query("kube_cronjob_info{job=\"kube-state-metrics\","
                        + " namespace=\"" + MediaSync.NAMESPACE + "\", cronjob=\"" + MediaSync.CRONJOB + "\"}").isEmpty());
        armed = Instant.now();
        sync.nextRuns(MediaSync.Outcome.HANG);
    }

    /** Whatever a scenario broke off in: the runs end well again, and the last one succeeded. */
    @AfterAll
    static void restoreTheMediaSync() {
        if (sync != null) {
            sync.restore(MediaSync.CRONJOB + "-restored");
            AlertScenario.awaitResolved(stack, "the media sync restored", List.of(alert("SyncSystemMediaJobFailing", Map.of()),
                    alert("SyncSystemMediaSyncStale", Map.of()), alert("SyncSystemMediaSyncMissedSchedule", Map.of()),
                    alert("SyncSystemMediaJobRunningLong", Map.of())), Duration.ofSeconds(60));
        }
    }

    /**
     * A run by hand fails (both pods of the Job exit 1, backoffLimit 1): the newest Job has the
     * Failed condition and started after the newest successful one. Repaired, a run by hand
     * succeeds and is the newest; the cronjob controller takes it as the CronJob's last success.
     */
    @Test
    @Order(1)
    void aFailingRunFiresSyncSystemMediaJobFailing() throws Exception {
        String scenario = "a run of the media sync fails (its retry too)";
        String failing = MediaSync.CRONJOB + "-failing";
        String rerun = MediaSync.CRONJOB + "-rerun";
        AlertScenario.breakAndRepair(stack, scenario, () -> sync.runNow(failing, MediaSync.Outcome.FAIL),
                List.of(alert("SyncSystemMediaJobFailing", Map.of("namespace", MediaSync.NAMESPACE, "severity", "critical"))),
                Duration.ofSeconds(90), () -> sync.runNow(rerun, null), Duration.ofSeconds(60));
        assertEquals(true, MediaSync.hasCondition(sync.job(failing), "Failed"), sync.summary());
        sync.awaitLastSuccess(scenario + ", repaired", rerun, Duration.ofSeconds(30));
    }

    /**
     * The CronJob suspended: SyncSystemMediaSyncStale at once (its next schedule time is gone:
     * nothing else). Resumed, the last success (the previous repair's) is seconds old.
     */
    @Test
    @Order(2)
    void aSuspendedCronJobFiresSyncSystemMediaSyncStale() throws Exception {
        String scenario = "the media sync CronJob suspended";
        AlertScenario.breakAndRepair(stack, scenario, () -> sync.suspend(true),
                List.of(alert("SyncSystemMediaSyncStale", with(CRONJOB, "severity", "critical"))),
                Duration.ofSeconds(45), () -> sync.suspend(false), Duration.ofSeconds(45));
    }

    /**
     * The run of the schedule after {@link #armTheHangingRun()} hangs; concurrencyPolicy Forbid
     * keeps the next from starting: the run due a minute later does not start
     * (SyncSystemMediaSyncMissedSchedule after the suite's 60 s) and no run succeeds for two
     * schedule periods (SyncSystemMediaSyncStale). SyncSystemMediaJobRunningLong stays silent: it
     * allows any run 10 minutes. Repaired as an operator would: the stuck Job deleted, the
     * controller starts the missed run at once, kwok runs it to success.
     */
    @Test
    @Order(3)
    void aHangingRunUnderForbidFiresStaleAndMissedSchedule() throws Exception {
        String scenario = "a run of the media sync hangs, concurrencyPolicy Forbid";
        String[] hanging = new String[1];
        Instant[] started = new Instant[1];
        AlertScenario.breakAndRepair(stack, scenario, () -> ControlPlane.await("scenario '" + scenario
                + "': a run of the schedule told to hang, running (runs: " + sync.summary() + ")", NEXT_RUN.plusSeconds(30),
                () -> {
                    for (JsonNode job : sync.scheduledRuns()) {
                        if (MediaSync.outcome(job) == MediaSync.Outcome.HANG && job.path("status").path("active").asInt() == 1) {
                            hanging[0] = job.path("metadata").path("name").asText();
                            started[0] = Instant.parse(job.path("metadata").path("creationTimestamp").asText());
                            return true;
                        }
                    }
                    return false;
                }), List.of(alert("SyncSystemMediaSyncStale", with(CRONJOB, "severity", "critical")),
                        alert("SyncSystemMediaSyncMissedSchedule", with(CRONJOB, "severity", "warning"))),
                Duration.ofMinutes(4), () -> {
                    sync.nextRuns(null);
                    if (hanging[0] != null) {
                        sync.delete(hanging[0]);
                    }
                }, Duration.ofSeconds(90));
        System.out.printf("Scenario '%s': the run %s hung from %s, %d s after the runs were told to hang%n", scenario,
                hanging[0], started[0], Duration.between(armed, started[0]).toSeconds());
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

package io.matrixmon.core.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.matrixmon.core.PinnedTools;
import io.matrixmon.core.component.Bundles;
import io.matrixmon.core.component.Component;
import io.matrixmon.core.component.Components;
import io.matrixmon.core.render.Charts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The generated promtool unit tests pass for every alert, with default values and with tuned
 * ones, and fail when the rules and the values they were generated from disagree.
 */
class PromtoolAlertTestsIT {

    /** The alerts that exist only for clusters whose Poolers are scraped (postgresql.clusters.&lt;name&gt;.poolers). */
    private static final List<String> POOLER_ALERTS = List.of("PgBouncerNotAnswering", "PgBouncerClientsWaiting");

    @TempDir
    Path dir;

    /**
     * Every alert, with every cluster's Poolers scraped so that the Pooler alerts exist: the shared
     * suite, whose split files every pinned promtool runs in full.
     */
    @Test
    void everyAlertPassesItsGeneratedTests() throws Exception {
        PromtoolSuite.Run suite = PromtoolSuite.everyAlert();
        assertEquals(0, suite.exit(), suite.report());
        for (PinnedTools.Tool prometheus : PinnedTools.all("prometheus")) {
            assertTrue(suite.outcome().report().contains("--- promtool of " + prometheus + " (exit 0)"), suite.report());
        }
        assertEquals(List.of(), suite.reused());
        assertEquals(Bundles.allAlerts(Components.embedded()).size(), suite.files().alertsTested());
        assertEquals(List.of(), suite.files().untested(), "every shipped rule has a fixture");
        for (String alert : Bundles.allAlerts(Components.embedded())) {
            assertTrue(suite.files().split().files().values().stream().anyMatch(
                    text -> text.contains("name: " + alert + " fires after ")), alert);
        }
    }

    /**
     * No cluster's Poolers are scraped by default, so the default chart has no Pooler alert to test;
     * the other alerts pass theirs with the default values.
     */
    @Test
    void everyAlertPassesItsGeneratedTestsWithDefaultValues() throws Exception {
        Result result = run(Map.of(), Map.of());
        assertEquals(0, result.exit(), result.output());
        assertEquals(Bundles.allAlerts(Components.embedded()).size() - POOLER_ALERTS.size(), result.alerts());
        assertEquals(List.of(), result.untested(), "every shipped rule has a fixture");
    }

    /** A bundle added next to the shipped ones gets its tests from its fixtures, and promtool passes them. */
    @Test
    void theThrowAwayBundlesAlertsPassTheirGeneratedTests() throws Exception {
        Components components = Bundles.withThrowaway();
        Path chart = Charts.render(null, dir.resolve("valkey"), components);
        Map<String, Object> values = new Yaml().load(Files.readString(chart.resolve("values.yaml")));
        PromtoolSuite.Run suite = PromtoolSuite.variant(dir, Charts.template(chart, Charts.EVERY_ALERT), values,
                components);
        assertEquals(0, suite.exit(), suite.report());
        assertTrue(suite.ran().stream().anyMatch(file -> SplitFiles.isOf("valkey", file)), suite.report());
        RuleTestGenerator.Files files = suite.files();
        assertEquals(Bundles.allAlerts(components).size(), files.alertsTested());
        assertEquals(List.of(), files.untested());
        for (String alert : Bundles.alerts(components, "valkey")) {
            assertTrue(suite.ran().contains(SplitFiles.alertTestsOf("valkey", alert)), suite.report());
            assertTrue(files.split().files().get(SplitFiles.alertTestsOf("valkey", alert))
                    .contains("name: " + alert + " fires after "), alert);
        }
    }

    /**
     * verify-rules on the chart with every component but Redis switched off by the same values
     * file: the goal's own files and promtool run, on a chart small enough to test in seconds.
     */
    @Test
    @SuppressWarnings("unchecked")
    void verifyRulesFollowsAValuesFile() throws Exception {
        Path values = dir.resolve("my-values.yaml");
        StringBuilder text = new StringBuilder("alerts:\n  RedisHighMemoryUsage:\n    threshold: 0.6\n    for: 3m\n");
        Map<String, Object> defaults = new Yaml().load(Files.readString(Charts.defaultChart().resolve("values.yaml")));
        defaults.forEach((key, value) -> {
            if (!key.equals("redis") && value instanceof Map<?, ?> map && Boolean.TRUE.equals(map.get("enabled"))) {
                text.append(key).append(":\n  enabled: false\n");
            }
        });
        Files.writeString(values, text);
        RuleVerifier.Outcome outcome = new RuleVerifier().verify(Charts.defaultChart(), values, dir.resolve("out"),
                PinnedTools.reference("prometheus").binary("promtool").toString());
        assertTrue(outcome.promtoolRan());
        assertEquals(Optional.empty(), outcome.failure());
        assertEquals(Bundles.alerts(Components.embedded(), "redis").size(), outcome.alertsTested());
        String tests = Files.readString(outcome.tests());
        assertTrue(tests.contains("RedisHighMemoryUsage fires after 3m"), tests);
        // The failing series sit at 1.05 x the threshold: 63% with 0.6 (94.5% with the default 0.9).
        assertTrue(tests.contains("uses 63% of its maxmemory"), tests);
    }

    @Test
    void changedThresholdsDurationsAndLabelsChangeTheTests() throws Exception {
        Map<String, Object> tuned = Map.ofEntries(Map.entry("alerts.SynapseHighCPU.threshold", "1.5"),
                Map.entry("alerts.RedisDown.for", "7m"), Map.entry("alerts.HAProxyHighErrorRate.threshold", "0.2"),
                Map.entry("alerts.PostgreSQLBackupFailing.threshold", "2"), Map.entry("alerts.MinIODown.severity", "warning"),
                Map.entry("additionalAlertLabels.cluster", "prod-eu-1"),
                Map.entry("postgresql.clusters.matrix-postgresql.poolers.enabled", true),
                Map.entry("alerts.PgBouncerClientsWaiting.threshold", "30"),
                // Job labels, names and namespaces other deployments use: every fixture must follow them.
                Map.entry("redis.job", "cache"), Map.entry("postgresql.clusters.matrix-postgresql.job", "cnpg-main"),
                Map.entry("postgresql.clusters.matrix-postgresql-li.job", "cnpg-li"), Map.entry("postgresql.poolerJob", "cnpg-pooler"),
                Map.entry("postgresql.kubeletJob", "kubelet-cadvisor"),
                Map.entry("syncSystem.kubeStateMetricsJob", "ksm"), Map.entry("syncSystem.mediaJobPrefix", "li-media-copy"),
                Map.entry("syncSystem.namespace", "li-sync"), Map.entry("postgresql.clusters.matrix-postgresql.namespace", "db"));
        Result result = run(tuned, tuned);
        assertEquals(0, result.exit(), result.output());
        // Only the main cluster's Poolers are scraped: the Pooler alerts exist, and pass their tests, for it alone.
        assertEquals(Bundles.allAlerts(Components.embedded()).size(), result.alerts());
        // The label every alert carries changes every alert's tests: all of them ran again, and only
        // recording rules' tests whose series and rules no value changed were taken from the shared run.
        assertTrue(result.reused().stream().noneMatch(SplitFiles::isAlertTests), result.output());
        for (Component bundle : Components.embedded().all()) {
            for (String alert : Bundles.alerts(Components.embedded(), bundle.name())) {
                assertTrue(result.ran().contains(SplitFiles.alertTestsOf(bundle.name(), alert)), alert);
            }
        }
    }

    @Test
    void testsFromOtherValuesThanTheRulesFail() throws Exception {
        Map<String, Object> otherThreshold = new LinkedHashMap<>(Charts.EVERY_ALERT);
        otherThreshold.put("alerts.RedisHighMemoryUsage.threshold", "0.5");
        Result result = run(Charts.EVERY_ALERT, otherThreshold);
        assertNotEquals(0, result.exit(), "a test generated for another threshold must not pass");
        assertTrue(result.output().contains("RedisHighMemoryUsage"), result.output());
    }

    record Result(int exit, String output, int alerts, List<String> untested, List<String> ran, List<String> reused) {
    }

    /** The default chart's suite for the values, as a variant of the shared one. */
    private Result run(Map<String, Object> chartValues, Map<String, Object> testValues) throws Exception {
        PromtoolSuite.Run suite = PromtoolSuite.variant(dir, Charts.template(Charts.defaultChart(), chartValues),
                effectiveValues(testValues), Components.embedded());
        return new Result(suite.exit(), suite.report(), suite.files().alertsTested(), suite.files().untested(),
                suite.ran(), suite.reused());
    }

    /** Runs promtool of every pinned Prometheus; passes only when each version passes. */
    static Result promtool(Path directory, String... arguments) {
        Promtool.Outcome outcome = Promtool.run(directory, arguments);
        return new Result(outcome.exit(), outcome.report(), 0, List.of(), List.of(), List.of());
    }

    /** values.yaml with --set style overrides (dotted keys) applied. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> effectiveValues(Map<String, Object> sets) throws IOException {
        Map<String, Object> values = new Yaml().load(Files.readString(Charts.defaultChart().resolve("values.yaml")));
        sets.forEach((key, value) -> {
            String[] parts = key.split("\\.");
            Map<String, Object> node = values;
            for (int i = 0; i < parts.length - 1; i++) {
                node = (Map<String, Object>) node.computeIfAbsent(parts[i], k -> new LinkedHashMap<>());
            }
            node.put(parts[parts.length - 1], value);
        });
        return values;
    }
}

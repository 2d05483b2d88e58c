package io.matrixmon.e2e;

import static io.matrixmon.e2e.PrometheusClient.firing;
import static io.matrixmon.e2e.PrometheusClient.none;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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

/**
 * The reference chart's alerts against real components that really fail. Each scenario breaks
 * something, waits for the alert through Prometheus's API, repairs it and waits for the alert to
 * resolve, so the next scenario starts from a healthy stack.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AlertsFireIT {

    private static final Duration FIRE = Duration.ofSeconds(60);
    private static Stack stack;
    private static ChartRules rules;

    @BeforeAll
    static void startStack() throws Exception {
        Path chart = ChartRules.builtChart(Path.of(System.getProperty("matrixmon.chart")));
        rules = new ChartRules(chart);
        stack = new Stack(Path.of(System.getProperty("matrixmon.e2e.work")), rules.rulesFile());
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void healthyStackRaisesNoAlert() {
        assertEquals(6, stack.prometheus.ruleGroups(), "redis, postgresql and haproxy: recording and alerting groups");
        // Warm-up: every target scraped, every rate window has samples; then nothing may be pending.
        Processes.sleep(15_000);
        stack.prometheus.awaitAlerts("healthy stack", "no pending or firing alert", Duration.ofSeconds(20),
                List::isEmpty);
    }

    @Test
    @Order(2)
    void everyRecordingRuleReturnsData() {
        List<String> empty = new ArrayList<>();
        for (String record : rules.recordingRules()) {
            JsonNode result = stack.prometheus.query(record);
            if (result.isEmpty()) {
                empty.add(record);
            }
        }
        assertEquals(List.of(), empty, "recording rules without data");
        assertTrue(rules.recordingRules().size() >= 6, rules.recordingRules()::toString);
    }

    /**
     * Panels that are empty on the healthy stack, with what their series need (one PostgreSQL outside
     * Kubernetes has no standby, slot, archive or kubelet); the test checks that they still exist,
     * so the list cannot outlive its panels.
     */
    private static final Map<String, String> EMPTY_ON_THE_HEALTHY_STACK = Map.of(
            "postgresql: Last backup, last failure, first recoverability point B", "a failed backup",
            "postgresql: Replay lag per standby A", "a standby streaming from the primary",
            "postgresql: WAL retained by replication slots A", "a replication slot",
            "postgresql: Inactive replication slots A", "a replication slot",
            "postgresql: Time since the last archived segment A", "a WAL archive",
            "postgresql: Volume use A", "a kubelet reporting the instances' volumes",
            "postgresql: Free space A", "a kubelet reporting the instances' volumes");

    @Test
    @Order(2)
    void everyDashboardPanelOfTheseComponentsReturnsData() {
        List<String> empty = new ArrayList<>();
        Set<String> skipped = new TreeSet<>();
        int panels = 0;
        for (String dashboard : List.of("redis", "postgresql", "haproxy")) {
            for (var query : rules.panelQueries(dashboard).entrySet()) {
                panels++;
                if (EMPTY_ON_THE_HEALTHY_STACK.containsKey(dashboard + ": " + query.getKey())) {
                    skipped.add(dashboard + ": " + query.getKey());
                } else if (stack.prometheus.query(query.getValue()).isEmpty()) {
                    empty.add(dashboard + ": " + query.getKey() + ": " + query.getValue());
                }
            }
        }
        assertEquals(List.of(), empty, "dashboard panels without data");
        assertEquals(new TreeSet<>(EMPTY_ON_THE_HEALTHY_STACK.keySet()), skipped, "panels empty on the healthy stack");
        assertTrue(panels >= 15, "panels checked: " + panels);
    }

    @Test
    @Order(3)
    void redisDownFiresAndResolves() throws Exception {
        stack.processes.stop("redis");
        stack.prometheus.awaitAlerts("stop Redis", "RedisDown firing", FIRE, firing("RedisDown"));
        stack.startRedis();
        stack.prometheus.awaitAlerts("start Redis again", "RedisDown resolved", FIRE, none("RedisDown"));
    }

    @Test
    @Order(4)
    void aStoppedRedisExporterIsDownToo() throws Exception {
        stack.processes.stop("redis-exporter");
        List<PrometheusClient.Alert> alerts = stack.prometheus.awaitAlerts("stop the Redis exporter",
                "RedisDown firing", FIRE, firing("RedisDown"));
        assertTrue(alerts.stream().anyMatch(a -> a.name().equals("RedisDown")
                && a.labels().path("severity").asText().equals("critical")
                && a.labels().path("component").asText().equals("redis")), alerts::toString);
        stack.startRedisExporter();
        stack.prometheus.awaitAlerts("start the Redis exporter again", "RedisDown resolved", FIRE, none("RedisDown"));
    }

    @Test
    @Order(5)
    void aRedisTargetGoneFromDiscoveryIsDown() throws Exception {
        stack.discoverRedis(false);
        stack.prometheus.awaitAlerts("Redis target removed from discovery", "RedisDown firing", FIRE,
                firing("RedisDown"));
        stack.discoverRedis(true);
        stack.prometheus.awaitAlerts("Redis target back", "RedisDown resolved", FIRE, none("RedisDown"));
    }

    @Test
    @Order(6)
    void redisNearMaxmemoryFires() throws Exception {
        stack.fillRedis(16L * 1024 * 1024, 0.93);
        stack.prometheus.awaitAlerts("fill Redis beyond 90% of maxmemory", "RedisHighMemoryUsage firing", FIRE,
                firing("RedisHighMemoryUsage"));
        stack.redis("FLUSHALL");
        stack.prometheus.awaitAlerts("raise maxmemory", "RedisHighMemoryUsage resolved", FIRE,
                none("RedisHighMemoryUsage"));
    }

    @Test
    @Order(7)
    void postgresqlDownFiresAndResolves() throws Exception {
        stack.processes.stop("postgres");
        stack.prometheus.awaitAlerts("stop PostgreSQL", "PostgreSQLDown firing", FIRE, firing("PostgreSQLDown"));
        stack.startPostgres();
        stack.prometheus.awaitAlerts("start PostgreSQL again", "PostgreSQLDown resolved", FIRE,
                none("PostgreSQLDown"));
    }

    @Test
    @Order(8)
    void tooManyConnectionsFires() throws Exception {
        // max_connections is 25: 20 idle clients plus the exporter's connection exceed 80%.
        stack.holdConnections(20);
        stack.prometheus.awaitAlerts("open connections beyond 80% of max_connections",
                "PostgreSQLTooManyConnections firing", FIRE, firing("PostgreSQLTooManyConnections"));
        stack.releaseConnections();
        stack.prometheus.awaitAlerts("close the connections", "PostgreSQLTooManyConnections resolved", FIRE,
                none("PostgreSQLTooManyConnections"));
    }

    @Test
    @Order(9)
    void haproxyDownFiresAndResolves() throws Exception {
        stack.processes.stop("haproxy");
        stack.prometheus.awaitAlerts("stop HAProxy", "HAProxyDown firing", FIRE, firing("HAProxyDown"));
        stack.startHaproxy();
        stack.prometheus.awaitAlerts("start HAProxy again", "HAProxyDown resolved", FIRE, none("HAProxyDown"));
    }

    @Test
    @Order(10)
    void backendErrorsFire() {
        stack.backend.answerErrors(20);
        List<PrometheusClient.Alert> alerts = stack.prometheus.awaitAlerts("backend answers 5xx for 20% of requests",
                "HAProxyHighErrorRate firing", Duration.ofSeconds(90), firing("HAProxyHighErrorRate"));
        assertTrue(alerts.stream().anyMatch(a -> a.name().equals("HAProxyHighErrorRate")
                && a.labels().path("backend").asText().equals("synapse")), alerts::toString);
        stack.backend.answerErrors(0);
    }
}

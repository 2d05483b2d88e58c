package io.matrixmon.e2e;

import static io.matrixmon.e2e.PrometheusClient.firing;
import static io.matrixmon.e2e.PrometheusClient.none;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The alerts of Redis, PostgreSQL and HAProxy against the real components that really fail. Each
 * scenario breaks something, waits for the alert through Prometheus's API, repairs it and waits
 * for the alert to resolve, so the next scenario starts from a healthy stack.
 */
@Order(6)
@ExtendWith(SharedStack.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AlertsFireIT {

    private static final Duration FIRE = Duration.ofSeconds(60);
    private static final Set<String> TOLERATED = Set.of();
    private Stack stack;

    @BeforeEach
    void shareStack() {
        stack = SharedStack.stack();
    }

    @Test
    @Order(3)
    void redisDownFiresAndResolves() throws Exception {
        stack.processes.stop("redis");
        stack.prometheus.awaitFiringOnly("stop Redis", Set.of("RedisDown"), TOLERATED, FIRE);
        stack.startRedis();
        stack.prometheus.awaitAlerts("start Redis again", "RedisDown resolved", FIRE, none("RedisDown"));
        stack.synapseClients.awaitTraffic("Redis started again");
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
    void tooManyConnectionsFires() throws Exception {
        // 41 of max_connections 50 (Synapse's, the exporter's and idle clients') exceed 80%. Before
        // PostgreSQL is restarted: then Synapse holds its connections already and cannot open
        // many more while the idle ones are held.
        stack.holdConnectionsUntil(Stack.MAX_CONNECTIONS * 4 / 5 + 1);
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
        stack.prometheus.awaitFiringOnly("stop HAProxy", Set.of("HAProxyDown"), TOLERATED, FIRE);
        stack.startHaproxy();
        stack.prometheus.awaitAlerts("start HAProxy again", "HAProxyDown resolved", FIRE, none("HAProxyDown"));
    }

    /**
     * Before the backend's 5xx (HAProxyHighErrorRate's window would still hold them), after every
     * scenario that asserts no other alert: SynapseHighErrorRate's 5xx share is taken over 5 minutes, so it keeps
     * firing for minutes after PostgreSQL is back. Synapse's processes stay up (they retry the
     * database): SynapseMainDown stays silent; their answers are 5xx. The sends alone (one every
     * two seconds, plus their latency) stay under the rule's floor of 0.5 responses a second, a
     * constant of the rule: the clients add four reads a second through the generic worker.
     * The chart's AlertmanagerConfig routes PostgreSQLDown (critical) and SynapseHighErrorRate
     * (warning) to their receivers; its inhibition (equal: component) leaves the Synapse warning
     * unmuted: the two are different components.
     */
    @Test
    @Order(10)
    void postgresqlDownFiresPostgreSQLDownAndSynapseHighErrorRate() throws Exception {
        stack.synapseClients.extraReads(true);
        stack.processes.stop("postgres");
        try {
            stack.prometheus.awaitAlerts("stop PostgreSQL", "PostgreSQLDown and SynapseHighErrorRate"
                    + " (worker_type=generic-worker) firing", Duration.ofSeconds(90),
                    current -> firing("PostgreSQLDown").test(current) && current.stream().anyMatch(a ->
                            a.name().equals("SynapseHighErrorRate") && a.state().equals("firing")
                                    && a.labels().path("worker_type").asText().equals("generic-worker")));
            List<PrometheusClient.Alert> alerts = stack.prometheus.awaitFiringOnly("stop PostgreSQL",
                    Set.of("PostgreSQLDown", "SynapseHighErrorRate"), TOLERATED, Duration.ZERO);
            System.out.println("PostgreSQL stopped: " + alerts);
        } finally {
            stack.synapseClients.extraReads(false);
            stack.startPostgres();
        }
        stack.prometheus.awaitAlerts("start PostgreSQL again", "PostgreSQLDown resolved", FIRE,
                none("PostgreSQLDown"));
        stack.synapseClients.awaitTraffic("PostgreSQL started again");
    }

    @Test
    @Order(11)
    void backendErrorsFire() {
        stack.backend.answerErrors(20);
        List<PrometheusClient.Alert> alerts = stack.prometheus.awaitAlerts("backend answers 5xx for 20% of requests",
                "HAProxyHighErrorRate firing", Duration.ofSeconds(90), firing("HAProxyHighErrorRate"));
        assertTrue(alerts.stream().anyMatch(a -> a.name().equals("HAProxyHighErrorRate")
                && a.labels().path("backend").asText().equals("synapse")), alerts::toString);
        stack.backend.answerErrors(0);
    }
}

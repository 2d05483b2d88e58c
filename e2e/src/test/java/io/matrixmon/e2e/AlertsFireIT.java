package io.matrixmon.e2e;

import static io.matrixmon.e2e.PrometheusClient.firing;
import static io.matrixmon.e2e.PrometheusClient.none;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
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
@Order(7)
@ExtendWith(SharedStack.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AlertsFireIT {

    private static final Duration FIRE = Duration.ofSeconds(60);
    private static final Duration NOTIFY = Notifications.WITHIN;
    private static final Set<String> TOLERATED = Set.of();
    /**
     * How long an error ratio over a 5-minute window may keep its alert firing once the errors
     * stopped: the window, its "for" and a little more for evaluation.
     */
    private static final Duration WINDOW_HELD = Duration.ofMinutes(6);
    private Stack stack;

    @BeforeEach
    void shareStack() {
        stack = SharedStack.stack();
    }

    @Test
    @Order(3)
    @Needs({"redis", "synapse"})
    void redisDownFiresAndResolves() throws Exception {
        AlertScenario.breakAndRepair(stack, "stop Redis", () -> stack.processes.stop("redis"),
                List.of(AlertScenario.alert("RedisDown", Map.of("job", "redis", "pod", "redis-0", "severity", "critical"))),
                FIRE, stack::startRedis, FIRE);
        stack.synapseClients.awaitTraffic("Redis started again");
    }

    @Test
    @Order(4)
    @Needs("redis")
    void aStoppedRedisExporterIsDownToo() throws Exception {
        stack.processes.stop("redis-exporter");
        try {
            List<PrometheusClient.Alert> alerts = stack.prometheus.awaitAlerts("stop the Redis exporter",
                    "RedisDown firing", FIRE, firing("RedisDown"));
            assertTrue(alerts.stream().anyMatch(a -> a.name().equals("RedisDown")
                    && a.labels().path("severity").asText().equals("critical")
                    && a.labels().path("component").asText().equals("redis")), alerts::toString);
        } finally {
            stack.startRedisExporter();
        }
        stack.prometheus.awaitAlerts("start the Redis exporter again", "RedisDown resolved", FIRE, none("RedisDown"));
    }

    @Test
    @Order(5)
    @Needs("redis")
    void aRedisTargetGoneFromDiscoveryIsDown() throws Exception {
        stack.discoverRedis(false);
        try {
            stack.prometheus.awaitAlerts("Redis target removed from discovery", "RedisDown firing", FIRE,
                    firing("RedisDown"));
        } finally {
            stack.discoverRedis(true);
        }
        stack.prometheus.awaitAlerts("Redis target back", "RedisDown resolved", FIRE, none("RedisDown"));
    }

    @Test
    @Order(6)
    @Needs("redis")
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
    @Needs({"postgresql", "synapse"})
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

    /**
     * The client API backend's active server dies; its backup passes its checks. HAProxy marks the
     * active server DOWN after two failed checks and runs on the backup: the backend reads UP
     * (haproxy_backend_up 1) with no active server (haproxy_backend_current_server 0, the CSV's
     * act): HAProxyBackendNoServers for backend synapse, nothing else. The stats page, a listen
     * section, reads the same (UP, no server) all along and stays silent: its frontend of the same
     * name tells it apart. The few requests HAProxy had sent to the dead server before it was
     * marked DOWN stay far below HAProxyHighErrorRate's 5% of the 5-minute window.
     */
    @Test
    @Order(8)
    @Needs("haproxy")
    void activeServerDownRunsOnTheBackupAndFiresHAProxyBackendNoServers() throws Exception {
        String statsWithoutServer = "haproxy_backend_up{backend=\"stats\"} == 1"
                + " and haproxy_backend_current_server{backend=\"stats\"} == 0";
        assertEquals(1, stack.prometheus.query(statsWithoutServer).size(),
                "the stats listen section reads UP without a server: " + statsWithoutServer);
        stack.backend.stop();
        try {
            List<PrometheusClient.Alert> alerts = stack.prometheus.awaitFiringOnly(
                    "stop the active server of backend synapse (its backup up)", Set.of("HAProxyBackendNoServers"),
                    TOLERATED, FIRE);
            assertEquals(List.of("synapse"), alerts.stream().map(a -> a.labels().path("backend").asText()).toList(),
                    alerts::toString);
            String onBackup = "haproxy_server_up{backend=\"synapse\", server=\"synapse-1\"} == 0"
                    + " and on (instance) haproxy_server_up{backend=\"synapse\", server=\"synapse-backup\"} == 1";
            assertEquals(1, stack.prometheus.query(onBackup).size(), "running on the backup: " + onBackup);
        } finally {
            stack.backend.start();
        }
        stack.prometheus.awaitAlerts("start the active server again", "HAProxyBackendNoServers resolved", FIRE,
                none("HAProxyBackendNoServers"));
    }

    @Test
    @Order(9)
    @Needs("haproxy")
    void haproxyDownFiresAndResolves() throws Exception {
        AlertScenario.breakAndRepair(stack, "stop HAProxy", () -> stack.processes.stop("haproxy"),
                List.of(AlertScenario.alert("HAProxyDown", Map.of("job", "haproxy", "pod", "haproxy-0", "severity", "critical"))),
                FIRE, stack::startHaproxy, FIRE);
    }

    /**
     * Before the backend's 5xx (HAProxyHighErrorRate's window would still hold them), after every
     * scenario that asserts no other alert: SynapseHighErrorRate's 5xx share is taken over 5 minutes, so it keeps
     * firing for minutes after PostgreSQL is back. Synapse's processes stay up (they retry the
     * database): SynapseMainDown stays silent; their answers are 5xx. The sends alone (one every
     * two seconds, plus their latency) stay under the rule's floor of 0.5 responses a second, a
     * constant of the rule: the clients add four reads a second through the generic worker.
     * The chart's AlertmanagerConfig routes PostgreSQLDown (critical) and SynapseHighErrorRate
     * (warning) to their receivers; no inhibit rule pairs them (a bundle's inhibits: mutes only
     * its own warnings on the same target), so the Synapse warning reaches its receiver: the
     * scenario checks both notifications and that Alertmanager holds the warning active.
     */
    @Test
    @Order(10)
    @Needs({"postgresql", "synapse"})
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
            String scenario = "stop PostgreSQL";
            stack.notifications.awaitFiring(scenario, "critical", "PostgreSQLDown", labels -> true, NOTIFY);
            stack.notifications.awaitFiring(scenario, "warning", "SynapseHighErrorRate",
                    labels -> labels.path("worker_type").asText().equals("generic-worker"), NOTIFY);
            stack.alertmanager.awaitAlerts(scenario, "SynapseHighErrorRate (worker_type=generic-worker) active, not"
                    + " inhibited", NOTIFY, current -> current.stream().anyMatch(a -> a.name().equals(
                            "SynapseHighErrorRate") && a.labels().path("worker_type").asText().equals("generic-worker")
                            && a.state().equals("active") && a.inhibitedBy().isEmpty()));
        } finally {
            stack.synapseClients.extraReads(false);
            stack.startPostgres();
        }
        stack.prometheus.awaitAlerts("start PostgreSQL again", "PostgreSQLDown resolved", FIRE,
                none("PostgreSQLDown"));
        stack.ledger.leave("stop PostgreSQL", "SynapseHighErrorRate", Map.of("worker_type", "generic-worker"), WINDOW_HELD);
        stack.synapseClients.awaitTraffic("PostgreSQL started again");
    }

    /**
     * The only server of the federation backend fails its health checks (/health answers 503, the
     * rest still answers): HAProxy marks it DOWN, the backend is DOWN (haproxy_backend_up 0) while
     * HAProxy is up: HAProxyBackendDown for backend synapse-federation. HAProxy answers the
     * backend's requests with its own 503s, counted as the backend's 5xx responses, so
     * HAProxyHighErrorRate fires for the same backend: Prometheus shows both, as designed; the
     * bundle's inhibits (HAProxyBackendDown mutes HAProxyHighErrorRate on job, namespace, backend)
     * makes the chart's AlertmanagerConfig deliver only the critical one: Alertmanager holds
     * HAProxyHighErrorRate suppressed, inhibited by HAProxyBackendDown, the critical receiver gets
     * HAProxyBackendDown and the warning receiver no HAProxyHighErrorRate of this backend; once
     * HAProxyBackendDown has resolved, nothing mutes the warning and it reaches its receiver. The
     * 503s stay in the ratio's 5-minute window, so HAProxyHighErrorRate keeps firing for this
     * backend after the server is back: the scenario runs after every scenario that asserts no
     * other alert, and the PostgreSQL scenario's SynapseHighErrorRate (its own 5-minute window)
     * may still be firing here.
     */
    @Test
    @Order(11)
    @Needs("haproxy")
    void aServerFailingItsHealthChecksFiresHAProxyBackendDown() {
        String backend = "synapse-federation";
        Set<String> expected = Set.of("HAProxyBackendDown", "HAProxyHighErrorRate");
        String scenario = "the only server of backend " + backend + " fails its health checks";
        Predicate<JsonNode> ofBackend = labels -> labels.path("backend").asText().equals(backend);
        stack.notifications.clear();
        stack.federationBackend.failHealthChecks(true);
        List<PrometheusClient.Alert> alerts;
        try {
            alerts = stack.prometheus.awaitAlerts(scenario,
                    expected + " (backend=" + backend + ") firing", Duration.ofSeconds(90),
                    current -> expected.stream().allMatch(name -> firingFor(name, backend).test(current)));
            List<AlertmanagerClient.Alert> held = stack.alertmanager.awaitAlerts(scenario, "HAProxyHighErrorRate"
                    + " (backend=" + backend + ") suppressed, inhibited by HAProxyBackendDown", NOTIFY, current ->
                    current.stream().anyMatch(a -> a.name().equals("HAProxyBackendDown") && ofBackend.test(a.labels())
                            && current.stream().anyMatch(muted -> muted.name().equals("HAProxyHighErrorRate")
                                    && ofBackend.test(muted.labels()) && muted.state().equals("suppressed")
                                    && muted.inhibitedBy().equals(List.of(a.fingerprint())))));
            System.out.println("Backend " + backend + " down, Alertmanager: " + held);
            stack.notifications.awaitFiring(scenario, "critical", "HAProxyBackendDown", ofBackend, NOTIFY);
            List<Notifications.Notified> muted = stack.notifications.received().stream()
                    .filter(n -> n.name().equals("HAProxyHighErrorRate") && ofBackend.test(n.labels())).toList();
            assertEquals(List.of(), muted, "Scenario '" + scenario + "': HAProxyHighErrorRate notified while"
                    + " HAProxyBackendDown fires on the same backend");
        } finally {
            stack.federationBackend.failHealthChecks(false);
        }
        System.out.println("Backend " + backend + " down: " + alerts);
        List<PrometheusClient.Alert> others = alerts.stream().filter(a -> !stack.ledger.covers(a)
                && !(expected.contains(a.name()) && a.labels().path("backend").asText().equals(backend))).toList();
        assertEquals(List.of(), others, "besides " + expected + " for backend " + backend
                + " (and the ledger's " + stack.ledger.open() + "); /api/v1/alerts returned " + alerts);
        assertEquals(2, alerts.stream().filter(a -> expected.contains(a.name())).count(), alerts::toString);
        stack.prometheus.awaitAlerts("the server passes its health checks again", "HAProxyBackendDown resolved", FIRE,
                none("HAProxyBackendDown"));
        stack.ledger.leave(scenario, "HAProxyHighErrorRate", Map.of("backend", backend), WINDOW_HELD);
        stack.notifications.awaitFiring("HAProxyBackendDown of backend " + backend + " resolved, its"
                + " HAProxyHighErrorRate still firing", "warning", "HAProxyHighErrorRate", ofBackend, NOTIFY);
    }

    /** After the federation backend's scenario: its HAProxyHighErrorRate may still fire, this one is synapse's. */
    @Test
    @Order(12)
    @Needs("haproxy")
    void backendErrorsFire() {
        String scenario = "backend answers 5xx for 20% of requests";
        stack.backend.answerErrors(20);
        try {
            stack.prometheus.awaitAlerts(scenario, "HAProxyHighErrorRate (backend=synapse) firing",
                    Duration.ofSeconds(90), firingFor("HAProxyHighErrorRate", "synapse"));
            stack.notifications.awaitFiring(scenario, "warning", "HAProxyHighErrorRate",
                    labels -> labels.path("backend").asText().equals("synapse"), NOTIFY);
        } finally {
            stack.backend.answerErrors(0);
        }
        stack.ledger.leave(scenario, "HAProxyHighErrorRate", Map.of("backend", "synapse"), WINDOW_HELD);
    }

    private static Predicate<List<PrometheusClient.Alert>> firingFor(String name, String backend) {
        return alerts -> alerts.stream().anyMatch(a -> a.name().equals(name) && a.state().equals("firing")
                && a.labels().path("backend").asText().equals(backend));
    }
}

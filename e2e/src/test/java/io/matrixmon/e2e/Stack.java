package io.matrixmon.e2e;

import io.matrixmon.core.PinnedTools;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The real components on 127.0.0.1: Redis with redis_exporter, PostgreSQL with postgres_exporter
 * (CloudNativePG's metric names), HAProxy with haproxy_exporter in front of {@link Backend}s, Synapse
 * with workers and its LI instance driven by {@link SynapseClients}, the Django {@link KeyVault}
 * with its clients, and a Prometheus that scrapes
 * them every second or two, evaluates the chart's rules and sends its alerts to an Alertmanager,
 * which notifies the chart's receivers ({@link Notifications}). The chart is installed into a real
 * control plane ({@link StackCluster}) where every component is a pod of the {@link #cluster()};
 * Prometheus and Alertmanager run what the real prometheus-operator wrote for them, Prometheus
 * discovering its targets through the API server. Each component is a {@link Harness}; a run
 * starts those {@link Components} names (all by default), the suite's values switch off the others.
 */
final class Stack implements AutoCloseable {

    static final int REDIS = 16379;
    static final int REDIS_EXPORTER = 19121;
    static final int POSTGRES = 15432;
    static final int POSTGRES_EXPORTER = 19187;
    static final int HAPROXY_FRONTEND = 18405;
    static final int HAPROXY_STATS = 18404;
    static final int HAPROXY_EXPORTER = 19101;
    static final int BACKEND = 18406;
    static final int KEY_VAULT = 18000;
    static final int BACKUP_BACKEND = 18407;
    static final int FEDERATION_BACKEND = 18408;
    /** HAProxy routes this prefix to its backend synapse-federation, everything else to synapse. */
    static final String FEDERATION_PATH = "/_matrix/federation/";
    static final int PROMETHEUS = 19090;
    static final int ALERTMANAGER = 19093;
    /** The Prometheus and Alertmanager kube-prometheus-stack 67.0.0 runs (the reference versions of scripts/tools.pins). */
    static final PinnedTools.Tool PROMETHEUS_RELEASE = PinnedTools.reference("prometheus");
    static final PinnedTools.Tool ALERTMANAGER_RELEASE = PinnedTools.reference("alertmanager");
    /**
     * PostgreSQL's max_connections; a scenario fills it beyond 80%. Synapse's seven processes hold
     * up to two connections each: the rest leaves room for them to grow while the scenario holds
     * its connections, and for the psql that ends them.
     */
    static final int MAX_CONNECTIONS = 50;
    /** kube-state-metrics's pod, named as its Deployment's ReplicaSet names it. */
    static final String KUBE_STATE_METRICS_POD = "prometheus-kube-state-metrics-6d8f9c7b5-q7x2m";

    final Processes processes;
    /** HAProxy's backend synapse: its active server, and its backup server (idle while the active one is up). */
    Backend backend;
    Backend backupBackend;
    /** The only server of HAProxy's backend synapse-federation. */
    Backend federationBackend;
    /** The alerts scenarios leave firing after their repair, and until when; the waits for "only these alerts" consult it. */
    final AlertLedger ledger = new AlertLedger();
    final PrometheusClient prometheus = new PrometheusClient(PROMETHEUS, ledger);
    final AlertmanagerClient alertmanager = new AlertmanagerClient(ALERTMANAGER);
    /** What Alertmanager sent to the chart's critical and warning receivers. */
    final Notifications notifications;
    Synapse synapse;
    final KeyVault keyVault;
    SynapseClients synapseClients;
    /**
     * The sync system's media sync CronJob, created as soon as the control plane is up and running
     * every minute until the stack stops: the healthy stack and every class after it see its runs.
     */
    MediaSync mediaSync;
    private FrontendTraffic frontendTraffic;
    private final Path work;
    private final Path pgBin;
    private final CompletableFuture<StackCluster> starting;
    private StackCluster kubernetes;
    /** How long the start took: the components, the control plane beside them, helm install and the operator. */
    private Duration startup;
    private final List<Process> holders = new ArrayList<>();
    /** The components this run starts ({@link Components}) and, of them, those whose start began. */
    private final Set<String> components = Components.started();
    private final List<Harness> begun = new ArrayList<>();

    /**
     * Starts everything; the chart {@code archive} is installed with the values of {@code chart},
     * kube-prometheus-stack's objects come from {@code stackObjects}, Synapse is installed by {@code
     * synapseVenv}, key_vault is the Django project in {@code keyVaultProject}.
     */
    Stack(Path work, Path archive, ChartRules chart, Path stackObjects, Path synapseVenv, Path keyVaultProject)
            throws Exception {
        long started = System.nanoTime();
        this.work = work;
        ChartRules.deleteTree(work);
        Files.createDirectories(work);
        this.processes = new Processes(work.resolve("logs"));
        // Fast shutdown: a smart shutdown (TERM) would wait for Synapse's connections to close.
        processes.stopWith("postgres", "INT");
        this.pgBin = postgresBin();
        // The control plane starts beside the components (about 20 s on a busy machine, mostly waiting).
        this.starting = CompletableFuture.supplyAsync(() -> {
            try {
                return StackCluster.start(work.resolve("cluster"), archive, stackObjects, cluster(components), "1s", """
                        - job_name: prometheus
                          static_configs:
                            - targets: ['127.0.0.1:%d']
                              labels: {namespace: monitoring, pod: prometheus-kube-prometheus-prometheus-0}
                        """.formatted(PROMETHEUS));
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        this.keyVault = new KeyVault(processes, keyVaultProject, work.resolve("key-vault"), work.resolve("logs"),
                KEY_VAULT);
        this.notifications = new Notifications();
        try {
            Map<String, Harness> harnesses = harnesses(synapseVenv);
            for (String component : components) {
                Harness harness = harnesses.get(component);
                // Before anything of it starts: a port taken (another e2e run, a process left over) names the component.
                for (int port : harness.ports()) {
                    if (Processes.listening(port)) {
                        throw new IllegalStateException("port 127.0.0.1:" + port + " of " + harness.component()
                                + " is already taken (another end-to-end run, or a process left over?)");
                    }
                }
                begun.add(harness);
                harness.start();
            }
            kubernetes = awaitCluster();
            // Before Prometheus starts: its first scrape of kube-state-metrics has the CronJob
            // (SyncSystemMediaSyncStale's absent() would hold until then).
            mediaSync = MediaSync.create(kubernetesApi());
            kubernetes.install(SuiteValues.file(), chart.values());
            kubernetes.writeConfiguration(cluster(), prometheusConfig(), work.resolve("rules"), alertmanagerConfig());
            startPrometheus();
            startTraffic();
        } catch (Exception e) {
            close();
            throw e;
        }
        startup = Duration.ofNanos(System.nanoTime() - started);
    }

    /** What the start cost, for the run's output. */
    String startupReport() {
        return String.format("the stack started in %.1f s (its control plane in %.1f s, beside the components %s)",
                startup.toMillis() / 1000.0, kubernetes.controlPlane.startup.toMillis() / 1000.0, components);
    }

    /**
     * Each component's harness, by its bundle's name: what it starts and stops, its pods and
     * Services, its ports. The stack starts those of {@link Components#started()}, in that order.
     */
    private Map<String, Harness> harnesses(Path synapseVenv) {
        return Map.of(
                "redis", Harness.of("redis", List.of(REDIS, REDIS_EXPORTER), () -> {
                    startRedis();
                    startRedisExporter();
                }, () -> stopProcesses("redis-exporter", "redis"), Stack::describeRedis),
                "postgresql", Harness.of("postgresql", List.of(POSTGRES, POSTGRES_EXPORTER), () -> {
                    initPostgres();
                    startPostgres();
                    for (String database : List.of("synapse", "synapse_li")) {
                        psql("CREATE DATABASE " + database + " ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0");
                    }
                    startPostgresExporter();
                }, () -> {
                    releaseConnections();
                    stopProcesses("postgres-exporter", "postgres");
                }, Stack::describePostgresql),
                "haproxy", Harness.of("haproxy", List.of(HAPROXY_FRONTEND, HAPROXY_STATS, HAPROXY_EXPORTER, BACKEND,
                        BACKUP_BACKEND, FEDERATION_BACKEND), () -> {
                    backend = new Backend(BACKEND);
                    backupBackend = new Backend(BACKUP_BACKEND);
                    federationBackend = new Backend(FEDERATION_BACKEND);
                    startHaproxy();
                    startHaproxyExporter();
                }, this::stopHaproxy, Stack::describeHaproxy),
                "synapse", Harness.of("synapse", Synapse.ports(), () -> {
                    synapse = new Synapse(processes, work.resolve("synapse"), synapseVenv, POSTGRES, REDIS);
                    synapse.start();
                }, this::stopSynapse, Stack::describeSynapse),
                "key-vault", Harness.of("key-vault", List.of(KEY_VAULT), () -> keyVault.start(), () -> keyVault.close(),
                        Stack::describeKeyVault));
    }

    /** The clients of the components started, once Prometheus scrapes them. */
    private void startTraffic() throws Exception {
        if (components.contains("haproxy")) {
            frontendTraffic = new FrontendTraffic(HAPROXY_FRONTEND, List.of("/", FEDERATION_PATH + "v1/version"));
        }
        if (components.contains("key-vault")) {
            keyVault.sendTraffic();
        }
        if (components.contains("synapse")) {
            synapseClients = new SynapseClients();
        }
    }

    private void stopProcesses(String... names) {
        for (String name : names) {
            processes.stop(name);
        }
    }

    private void stopHaproxy() {
        if (frontendTraffic != null) {
            frontendTraffic.close();
        }
        stopProcesses("haproxy-exporter", "haproxy");
        for (Backend server : Arrays.asList(backend, backupBackend, federationBackend)) {
            if (server != null) {
                server.close();
            }
        }
    }

    private void stopSynapse() {
        if (synapseClients != null) {
            synapseClients.close();
        }
        Synapse.all().forEach(process -> processes.stop(process.name()));
    }

    private static void describeRedis(Cluster cluster) {
        cluster.podWithService("redis-0", Map.of("app.kubernetes.io/name", "redis"), "redis-exporter", "metrics", 9121,
                REDIS_EXPORTER);
    }

    private static void describeHaproxy(Cluster cluster) {
        cluster.podWithService("haproxy-0", Map.of("app.kubernetes.io/name", "haproxy"), "haproxy-exporter", "metrics",
                9101, HAPROXY_EXPORTER);
    }

    private static void describePostgresql(Cluster cluster) {
        cluster.pod("matrix-postgresql-1", Map.of("cnpg.io/cluster", "matrix-postgresql", "cnpg.io/instanceName",
                "matrix-postgresql-1", "cnpg.io/podRole", "instance", "role", "primary"), "postgres", "metrics",
                9187, POSTGRES_EXPORTER);
    }

    private static void describeKeyVault(Cluster cluster) {
        cluster.podWithService("key-vault-0", Map.of("app.kubernetes.io/name", "key-vault"), "key-vault", "http",
                8000, KEY_VAULT);
    }

    private static void describeSynapse(Cluster cluster) {
        cluster.podWithService("synapse-li-0", Map.of("app.kubernetes.io/name", "synapse-li"), "synapse", "metrics",
                9090, Synapse.LI.metricsPort());
        for (Synapse.Process process : Synapse.all()) {
            if (process != Synapse.LI) {
                cluster.podWithService(process.name() + "-0", Map.of("app.kubernetes.io/name", "synapse",
                        "app.kubernetes.io/component", process.workerType()), "synapse", "metrics", 9090,
                        process.metricsPort());
            }
        }
    }

    /** The pods of this run's components and the monitoring stack's, see {@link #cluster(Set)}. */
    Cluster cluster() {
        return cluster(components);
    }

    /**
     * The pods Kubernetes would run for the given components and kube-prometheus-stack's
     * Alertmanager and kube-state-metrics, labelled as their Helm charts and operators label them,
     * each container port where the real process listens.
     */
    private Cluster cluster(Set<String> running) {
        Cluster cluster = new Cluster();
        Map<String, Harness> harnesses = harnesses(null);
        running.forEach(component -> harnesses.get(component).describe(cluster));
        cluster
                // kube-prometheus-stack's Alertmanager, which the operator's alerting section discovers by its Service.
                .podWithService(OperatorOutputs.NAMESPACE, "alertmanager-" + OperatorOutputs.ALERTMANAGER + "-0",
                        Map.of("app.kubernetes.io/name", "alertmanager", "alertmanager", OperatorOutputs.ALERTMANAGER),
                        "alertmanager", "http-web", 9093, ALERTMANAGER, new Cluster.Service(OperatorOutputs.ALERTMANAGER,
                                Map.of("app", "kube-prometheus-stack-alertmanager", "release", "prometheus", "self-monitor", "true"),
                                Map.of("app.kubernetes.io/name", "alertmanager", "alertmanager", OperatorOutputs.ALERTMANAGER)));
        // kube-prometheus-stack's kube-state-metrics (its subchart's Deployment and Service, release
        // "prometheus"), scraped through the ServiceMonitor in kubernetes/kube-state-metrics.yaml.
        Map<String, String> kubeStateMetrics = Map.of("app.kubernetes.io/name", "kube-state-metrics",
                "app.kubernetes.io/instance", "prometheus", "app.kubernetes.io/component", "metrics",
                "app.kubernetes.io/part-of", "kube-state-metrics", "app.kubernetes.io/managed-by", "Helm",
                "app.kubernetes.io/version", "2.14.0", "release", "prometheus");
        cluster.podWithService(OperatorOutputs.NAMESPACE, KUBE_STATE_METRICS_POD, kubeStateMetrics, "kube-state-metrics",
                "http", 8080, StackCluster.KUBE_STATE_METRICS, new Cluster.Service("prometheus-kube-state-metrics",
                        kubeStateMetrics, Map.of("app.kubernetes.io/name", "kube-state-metrics",
                                "app.kubernetes.io/instance", "prometheus")));
        return cluster;
    }

    void startRedis() throws IOException {
        Files.createDirectories(work.resolve("redis"));
        processes.start("redis", REDIS, Map.of(), "redis-server", "--port", Integer.toString(REDIS),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", work.resolve("redis").toString(),
                "--maxmemory", "64mb", "--maxmemory-policy", "noeviction");
    }

    void startRedisExporter() throws IOException {
        processes.start("redis-exporter", REDIS_EXPORTER, Map.of(), "prometheus-redis-exporter",
                "-redis.addr", "redis://127.0.0.1:" + REDIS, "-web.listen-address", "127.0.0.1:" + REDIS_EXPORTER);
    }

    /** redis-cli against the test Redis; its output. */
    String redis(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(REDIS)));
        command.addAll(List.of(arguments));
        return run(command);
    }

    private void initPostgres() throws IOException, InterruptedException {
        Path data = work.resolve("pgdata");
        Files.createDirectories(data);
        run(List.of("chown", "-R", "postgres:postgres", work.resolve("pgdata").toString()));
        run(asPostgres(pgBin.resolve("initdb").toString(), "-D", data.toString(), "-A", "trust", "-U", "postgres",
                "--no-sync"));
    }

    void startPostgres() throws IOException {
        processes.start("postgres", POSTGRES, Map.of(), asPostgres(pgBin.resolve("postgres").toString(),
                "-D", work.resolve("pgdata").toString(), "-p", Integer.toString(POSTGRES),
                "-k", work.resolve("pgdata").toString(), "-c", "listen_addresses=127.0.0.1",
                "-c", "max_connections=" + MAX_CONNECTIONS, "-c", "fsync=off").toArray(String[]::new));
        psql("CREATE TABLE IF NOT EXISTS matrixmon_e2e_backups (last_available_backup_timestamp float8,"
                + " last_failed_backup_timestamp float8);"
                + " INSERT INTO matrixmon_e2e_backups SELECT EXTRACT(EPOCH FROM now()), 0"
                + " WHERE NOT EXISTS (SELECT 1 FROM matrixmon_e2e_backups);");
    }


    String psql(String sql) {
        return psql("postgres", sql);
    }

    /** psql in one database (e.g. Synapse's, "synapse"); its output. */
    String psql(String database, String sql) {
        try {
            return run(List.of("psql", "-h", "127.0.0.1", "-p", Integer.toString(POSTGRES), "-U", "postgres",
                    "-d", database, "-v", "ON_ERROR_STOP=1", "-At", "-c", sql));
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("psql failed: " + e.getMessage(), e);
        }
    }

    /**
     * Opens idle client connections, beside those of Synapse and the exporter, until the given
     * number are open; they stay until {@link #releaseConnections()}.
     */
    void holdConnectionsUntil(int total) throws IOException {
        int open = Integer.parseInt(psql("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'"
                + " AND pid <> pg_backend_pid()"));
        for (int i = open; i < total; i++) {
            holders.add(new ProcessBuilder("psql", "-h", "127.0.0.1", "-p", Integer.toString(POSTGRES), "-U", "postgres",
                    "-d", "postgres", "-c", "SELECT pg_sleep(600)").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
        }
    }

    /** Ends the held connections; the server side ends too (a sleeping backend never notices its client left). */
    void releaseConnections() {
        holders.forEach(Process::destroy);
        holders.clear();
        if (processes.isRunning("postgres")) {
            psql("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep%'"
                    + " AND pid <> pg_backend_pid()");
        }
    }

    /** Sets maxmemory and writes 100 KiB values until Redis uses the given share of it. */
    void fillRedis(long maxmemory, double share) throws IOException, InterruptedException {
        redis("CONFIG", "SET", "maxmemory", Long.toString(maxmemory));
        byte[] value = "x".repeat(100 * 1024).getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; redisUsedMemory() < share * maxmemory; i++) {
            if (i > 1000) {
                throw new IllegalStateException("Redis does not fill up: " + redis("INFO", "memory"));
            }
            Process set = new ProcessBuilder("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(REDIS), "-x",
                    "SET", "fill:" + i).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try (var stdin = set.getOutputStream()) {
                stdin.write(value);
            }
            set.waitFor(10, TimeUnit.SECONDS);
        }
    }

    long redisUsedMemory() throws IOException, InterruptedException {
        return Long.parseLong(redis("INFO", "memory").lines().filter(line -> line.startsWith("used_memory:"))
                .findFirst().orElseThrow().substring("used_memory:".length()).strip());
    }

    private void startPostgresExporter() throws IOException {
        Path queries = work.resolve("cnpg-queries.yaml");
        try (InputStream in = Stack.class.getResourceAsStream("/cnpg-queries.yaml")) {
            Files.copy(in, queries, StandardCopyOption.REPLACE_EXISTING);
        }
        processes.start("postgres-exporter", POSTGRES_EXPORTER,
                Map.of("DATA_SOURCE_NAME", "postgresql://postgres@127.0.0.1:" + POSTGRES + "/postgres?sslmode=disable"),
                "prometheus-postgres-exporter", "--web.listen-address=127.0.0.1:" + POSTGRES_EXPORTER,
                "--extend.query-path=" + queries, "--disable-settings-metrics");
    }

    /**
     * HAProxy as in front of Synapse: the client API on the backend synapse (an active server and a
     * backup), federation on synapse-federation (one server), each server health-checked on
     * Synapse's /health every 500 ms (DOWN after two failed checks, UP again after one passed),
     * and the stats page as a listen section (a frontend and a backend "stats" without servers).
     */
    void startHaproxy() throws IOException {
        Path config = work.resolve("haproxy.cfg");
        Files.writeString(config, String.join("\n",
                "global", "  maxconn 200",
                "defaults", "  mode http", "  timeout connect 1s", "  timeout client 5s", "  timeout server 5s",
                "  option httpchk GET /health", "  default-server check inter 500ms fall 2 rise 1",
                "frontend matrix", "  bind 127.0.0.1:" + HAPROXY_FRONTEND,
                "  use_backend synapse-federation if { path_beg " + FEDERATION_PATH + " }", "  default_backend synapse",
                "backend synapse", "  server synapse-1 127.0.0.1:" + BACKEND,
                "  server synapse-backup 127.0.0.1:" + BACKUP_BACKEND + " backup",
                "backend synapse-federation", "  server federation-reader-1 127.0.0.1:" + FEDERATION_BACKEND,
                "listen stats", "  bind 127.0.0.1:" + HAPROXY_STATS, "  stats enable", "  stats uri /stats", ""));
        processes.start("haproxy", HAPROXY_STATS, Map.of(), "haproxy", "-db", "-f", config.toString());
    }

    private void startHaproxyExporter() throws IOException {
        processes.start("haproxy-exporter", HAPROXY_EXPORTER, Map.of(), "prometheus-haproxy-exporter",
                "--haproxy.scrape-uri=http://127.0.0.1:" + HAPROXY_STATS + "/stats;csv",
                "--web.listen-address=127.0.0.1:" + HAPROXY_EXPORTER);
    }

    private StackCluster awaitCluster() throws Exception {
        try {
            return starting.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private Path prometheusConfig() {
        return work.resolve("prometheus.yml");
    }

    private void startPrometheus() throws IOException {
        startAlertmanager("alertmanager", ALERTMANAGER_RELEASE, ALERTMANAGER);
        processes.start("prometheus", PROMETHEUS, Map.of(), PROMETHEUS_RELEASE.binary("prometheus").toString(),
                "--config.file=" + prometheusConfig(), "--storage.tsdb.path=" + work.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + PROMETHEUS, "--web.enable-lifecycle");
        prometheus.awaitReady(Duration.ofSeconds(60));
    }

    /** An Alertmanager of the given release running the operator's configuration; one instance, no gossip port. */
    void startAlertmanager(String name, PinnedTools.Tool release, int port) throws IOException {
        processes.start(name, port, Map.of(), release.binary("alertmanager").toString(),
                "--config.file=" + alertmanagerConfig(), "--storage.path=" + work.resolve(name),
                "--web.listen-address=127.0.0.1:" + port, "--web.external-url=http://127.0.0.1:" + port,
                "--cluster.listen-address=");
    }

    /** The configuration prometheus-operator wrote from the chart's AlertmanagerConfig. */
    Path alertmanagerConfig() {
        return work.resolve("alertmanager.yml");
    }

    /** The stack's Kubernetes API server, as its admin. */
    KubernetesApi kubernetesApi() {
        return kubernetes.controlPlane.api;
    }

    /**
     * The Redis pod present or deleted, as when it disappears from Kubernetes (the job stays;
     * Prometheus's discovery drops the target and marks its series stale).
     */
    void discoverRedis(boolean present) {
        Cluster.Pod redis = cluster().pod("redis-0");
        if (present) {
            kubernetes.createPod(redis);
        } else {
            kubernetes.deletePod(redis);
        }
    }

    /**
     * Installs the chart with other values ({@code helm upgrade}); returns once the operator wrote
     * the new rule files, the suite copied them and Prometheus has reloaded.
     */
    void installRules(ChartRules rules) throws IOException {
        kubernetes.install(SuiteValues.file(), rules.values());
        kubernetes.writeConfiguration(cluster(), prometheusConfig(), work.resolve("rules"), alertmanagerConfig());
        prometheus.reload();
    }

    private List<String> asPostgres(String... command) {
        List<String> full = new ArrayList<>(List.of("setpriv", "--reuid=postgres", "--regid=postgres",
                "--init-groups"));
        full.addAll(List.of(command));
        return full;
    }

    private static Path postgresBin() throws IOException {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.sorted(java.util.Comparator.reverseOrder()).map(v -> v.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("postgres"))).findFirst()
                    .orElseThrow(() -> new IllegalStateException("No PostgreSQL server under /usr/lib/postgresql;"
                            + " run scripts/install-test-deps.sh"));
        }
    }

    private String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
        return output.strip();
    }

    /** Stops everything, the processes whatever failed before. */
    @Override
    public void close() {
        try {
            for (int i = begun.size() - 1; i >= 0; i--) {
                try {
                    begun.get(i).stop();
                } catch (RuntimeException e) {
                    System.err.println("stopping " + begun.get(i) + ": " + e);
                }
            }
        } finally {
            notifications.close();
            if (mediaSync != null) {
                mediaSync.close();
            }
            processes.close();
            starting.handle((cluster, failure) -> cluster).thenAccept(cluster -> {
                if (cluster != null) {
                    cluster.close();
                }
            }).join();
        }
    }
}

package io.matrixmon.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The real components on 127.0.0.1: Redis with redis_exporter, PostgreSQL with postgres_exporter
 * (CloudNativePG's metric names), HAProxy with haproxy_exporter in front of {@link Backend}, and
 * a Prometheus that scrapes them every second and evaluates the chart's rules. Each target gets
 * the labels the chart's ServiceMonitor/PodMonitor relabelings give it in Kubernetes.
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
    static final int PROMETHEUS = 19090;

    final Processes processes;
    final Backend backend;
    final PrometheusClient prometheus = new PrometheusClient(PROMETHEUS);
    private final Path work;
    private final Path pgBin;
    private final List<Process> holders = new ArrayList<>();

    Stack(Path work, String rules) throws IOException, InterruptedException {
        this.work = work;
        ChartRules.deleteTree(work);
        Files.createDirectories(work);
        this.processes = new Processes(work.resolve("logs"));
        this.pgBin = postgresBin();
        this.backend = new Backend(BACKEND);
        try {
            startRedis();
            startRedisExporter();
            initPostgres();
            startPostgres();
            startPostgresExporter();
            startHaproxy();
            startHaproxyExporter();
            Files.writeString(work.resolve("rules.yml"), rules);
            startPrometheus();
            backend.sendTraffic(HAPROXY_FRONTEND);
        } catch (IOException | RuntimeException | InterruptedException e) {
            close();
            throw e;
        }
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
                "-c", "max_connections=25", "-c", "fsync=off").toArray(String[]::new));
        psql("CREATE TABLE IF NOT EXISTS matrixmon_e2e_backups (last_available_backup_timestamp float8,"
                + " last_failed_backup_timestamp float8);"
                + " INSERT INTO matrixmon_e2e_backups SELECT EXTRACT(EPOCH FROM now()), 0"
                + " WHERE NOT EXISTS (SELECT 1 FROM matrixmon_e2e_backups);");
    }

    String psql(String sql) {
        try {
            return run(List.of("psql", "-h", "127.0.0.1", "-p", Integer.toString(POSTGRES), "-U", "postgres",
                    "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-At", "-c", sql));
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("psql failed: " + e.getMessage(), e);
        }
    }

    /** Opens idle client connections that stay until {@link #releaseConnections()}. */
    void holdConnections(int count) throws IOException {
        for (int i = 0; i < count; i++) {
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

    void startHaproxy() throws IOException {
        Path config = work.resolve("haproxy.cfg");
        Files.writeString(config, String.join("\n",
                "global", "  maxconn 200",
                "defaults", "  mode http", "  timeout connect 1s", "  timeout client 5s", "  timeout server 5s",
                "frontend matrix", "  bind 127.0.0.1:" + HAPROXY_FRONTEND, "  default_backend synapse",
                "backend synapse", "  server synapse-1 127.0.0.1:" + BACKEND,
                "listen stats", "  bind 127.0.0.1:" + HAPROXY_STATS, "  stats enable", "  stats uri /stats", ""));
        processes.start("haproxy", HAPROXY_STATS, Map.of(), "haproxy", "-db", "-f", config.toString());
    }

    private void startHaproxyExporter() throws IOException {
        processes.start("haproxy-exporter", HAPROXY_EXPORTER, Map.of(), "prometheus-haproxy-exporter",
                "--haproxy.scrape-uri=http://127.0.0.1:" + HAPROXY_STATS + "/stats;csv",
                "--web.listen-address=127.0.0.1:" + HAPROXY_EXPORTER);
    }

    private void startPrometheus() throws IOException {
        discoverRedis(true);
        writePrometheusConfig();
        processes.start("prometheus", PROMETHEUS, Map.of(), "prometheus",
                "--config.file=" + work.resolve("prometheus.yml"), "--storage.tsdb.path=" + work.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + PROMETHEUS);
    }

    /** Prometheus's configuration; Redis is found through a file, as pods are through Kubernetes. */
    private void writePrometheusConfig() throws IOException {
        StringBuilder config = new StringBuilder("""
                global:
                  scrape_interval: 1s
                  scrape_timeout: 900ms
                  evaluation_interval: 1s
                rule_files: [rules.yml]
                scrape_configs:
                """);
        config.append("""
                  - job_name: redis
                    file_sd_configs:
                      - files: [redis-targets.json]
                """);
        config.append(target("postgresql", POSTGRES_EXPORTER,
                        "pod: matrix-postgresql-1, cnpg_io_cluster: matrix-postgresql"))
                .append("""
                            metric_relabel_configs:
                              # CloudNativePG's collector reports cnpg_collector_up: 0 when PostgreSQL does not answer.
                              - source_labels: [__name__]
                                regex: pg_up
                                target_label: __name__
                                replacement: cnpg_collector_up
                        """)
                .append(target("haproxy", HAPROXY_EXPORTER, "pod: haproxy-0"))
                .append(target("prometheus", PROMETHEUS, "pod: prometheus-0"));
        Files.writeString(work.resolve("prometheus.yml"), config.toString());
    }

    private static String target(String job, int port, String labels) {
        return "  - job_name: " + job + "\n    static_configs:\n      - targets: ['127.0.0.1:" + port
                + "']\n        labels: {namespace: matrix, " + labels + "}\n";
    }

    /**
     * Puts the Redis target into service discovery, or takes it out as when its pod disappears from
     * Kubernetes (the job stays; Prometheus marks the target's series stale).
     */
    void discoverRedis(boolean present) throws IOException {
        String targets = present ? "[{\"targets\": [\"127.0.0.1:" + REDIS_EXPORTER
                + "\"], \"labels\": {\"namespace\": \"matrix\", \"pod\": \"redis-0\"}}]" : "[]";
        Path temporary = work.resolve("redis-targets.json.tmp");
        Files.writeString(temporary, targets);
        Files.move(temporary, work.resolve("redis-targets.json"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
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

    @Override
    public void close() {
        releaseConnections();
        backend.close();
        processes.close();
    }
}

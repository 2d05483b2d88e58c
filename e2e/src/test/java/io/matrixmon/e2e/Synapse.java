package io.matrixmon.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Two real Synapse homeservers from PyPI (see {@code e2e/synapse-venv.sh}) on 127.0.0.1: "main.e2e"
 * as a main process with a synchrotron, a generic worker, an event persister and a federation
 * sender, replicating through the suite's Redis; and "li.e2e", a single process, as the
 * lawful-interception instance. Each has its own database in the suite's PostgreSQL and every
 * process has a metrics listener, scraped as the chart's ServiceMonitors scrape Synapse pods.
 */
final class Synapse {

    static final String REGISTRATION_SECRET = "e2e-registration-shared-secret";
    static final Duration START = Duration.ofSeconds(90);

    /**
     * One Synapse process: its worker type (the chart's worker_type), its client or replication
     * listener (0 for none) and its metrics listener.
     */
    record Process(String name, String workerType, int httpPort, String httpResource, int metricsPort) {
    }

    static final Process MAIN = new Process("synapse-main", "main", 18008, "client", 19400);
    static final Process SYNCHROTRON = new Process("synapse-synchrotron", "synchrotron", 18011, "client", 19401);
    static final Process GENERIC_WORKER = new Process("synapse-generic-worker", "generic-worker", 18012, "client",
            19402);
    static final Process EVENT_PERSISTER = new Process("synapse-event-persister", "event-persister", 18095,
            "replication", 19403);
    static final Process FEDERATION_SENDER = new Process("synapse-federation-sender", "federation-sender", 0, "",
            19404);
    static final List<Process> WORKERS = List.of(SYNCHROTRON, GENERIC_WORKER, EVENT_PERSISTER, FEDERATION_SENDER);
    static final Process LI = new Process("synapse-li", "main", 18018, "client", 19410);
    /** Workers reach the main process's replication endpoints here. */
    static final int MAIN_REPLICATION = 18093;

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Processes processes;
    private final Path work;
    private final Path python;
    private final Map<Process, String> firstRunMetrics = new ConcurrentHashMap<>();

    /** Installs Synapse (or finds the cached virtualenv) and writes both homeservers' configuration. */
    Synapse(Processes processes, Path work, Path venvScript, int postgresPort, int redisPort)
            throws IOException, InterruptedException, GeneralSecurityException {
        this.processes = processes;
        this.work = Files.createDirectories(work);
        this.python = virtualenv(venvScript).resolve("bin/python");
        writeLogConfig();
        writeHomeserver("main", "main.e2e", MAIN, "synapse", postgresPort, Map.of(
                "redis", Map.of("enabled", true, "host", "127.0.0.1", "port", redisPort),
                "instance_map", Map.of(
                        "main", Map.of("host", "127.0.0.1", "port", MAIN_REPLICATION),
                        EVENT_PERSISTER.name(), Map.of("host", "127.0.0.1", "port", EVENT_PERSISTER.httpPort())),
                "stream_writers", Map.of("events", EVENT_PERSISTER.name()),
                "federation_sender_instances", List.of(FEDERATION_SENDER.name())));
        writeHomeserver("li", "li.e2e", LI, "synapse_li", postgresPort, Map.of());
        for (Process worker : WORKERS) {
            writeWorker(worker);
        }
    }

    /** Starts both homeservers: the main processes first (they prepare their databases), then the workers. */
    void start() throws IOException {
        launch(MAIN);
        launch(LI);
        processes.awaitListening(MAIN.name(), START);
        processes.awaitListening(LI.name(), START);
        for (Process worker : WORKERS) {
            launch(worker);
        }
        for (Process worker : WORKERS) {
            processes.awaitListening(worker.name(), START);
        }
    }

    /** Starts one stopped process again and waits for its metrics listener. */
    void start(Process process) throws IOException {
        launch(process);
        processes.awaitListening(process.name(), START);
    }

    /** Starts stopped processes again, all at once, and waits for their metrics listeners. */
    void start(List<Process> stopped) throws IOException {
        for (Process process : stopped) {
            launch(process);
        }
        for (Process process : stopped) {
            processes.awaitListening(process.name(), START);
        }
    }

    /**
     * Stops a process; the first time, its /_synapse/metrics is kept first ({@link #firstRunMetrics}).
     */
    void stop(Process process) {
        if (!firstRunMetrics.containsKey(process) && processes.isRunning(process.name())) {
            try {
                firstRunMetrics.put(process, metrics(process));
            } catch (IOException | RuntimeException e) {
                System.out.println("Synapse: " + process.name() + "'s metrics not kept before its stop: " + e);
            }
        }
        processes.stop(process.name());
    }

    /**
     * A process's /_synapse/metrics as it was when a scenario first stopped it, if one did: what
     * the suite's traffic since the stack's start had created. Synapse creates a series when the
     * process first uses it, so a process started again lacks those of the start-up's traffic
     * (registrations, rooms, the LI instance's events) until they happen again.
     */
    Optional<String> firstRunMetrics(Process process) {
        return Optional.ofNullable(firstRunMetrics.get(process));
    }

    /** A process's live /_synapse/metrics. */
    String metrics(Process process) throws IOException {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + process.metricsPort() + "/_synapse/metrics")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException(process.name() + " /_synapse/metrics answered " + response.statusCode());
            }
            return response.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** Every port Synapse's processes listen on: client or replication, the main process's replication, metrics. */
    static List<Integer> ports() {
        List<Integer> ports = new ArrayList<>(List.of(MAIN_REPLICATION));
        for (Process process : all()) {
            if (process.httpPort() != 0) {
                ports.add(process.httpPort());
            }
            ports.add(process.metricsPort());
        }
        return ports;
    }

    static List<Process> all() {
        List<Process> all = new ArrayList<>(List.of(MAIN));
        all.addAll(WORKERS);
        all.add(LI);
        return all;
    }

    /** A main process runs synapse.app.homeserver on its homeserver's file; a worker adds its own file. */
    private void launch(Process process) throws IOException {
        boolean worker = WORKERS.contains(process);
        Path homeserver = work.resolve((process == LI ? "li" : "main") + ".yaml");
        List<String> command = new ArrayList<>(List.of(python.toString(), "-m",
                worker ? "synapse.app.generic_worker" : "synapse.app.homeserver", "--config-path", homeserver.toString()));
        if (worker) {
            command.addAll(List.of("--config-path", work.resolve(process.name() + ".yaml").toString()));
        }
        processes.launch(process.name(), process.metricsPort(), Map.of(), command.toArray(String[]::new));
    }

    private void writeHomeserver(String name, String serverName, Process main, String database, int postgresPort,
            Map<String, Object> workers) throws IOException, GeneralSecurityException {
        List<Object> listeners = new ArrayList<>(List.of(
                listener("http", main.httpPort(), List.of("client", "federation")),
                listener("metrics", main.metricsPort(), null)));
        if (!workers.isEmpty()) {
            listeners.add(listener("http", MAIN_REPLICATION, List.of("replication")));
        }
        Path signingKey = work.resolve(name + ".signing.key");
        Files.writeString(signingKey, "ed25519 a_e2e " + ed25519Seed() + "\n");
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("server_name", serverName);
        config.put("public_baseurl", "http://127.0.0.1:" + main.httpPort() + "/");
        config.put("pid_file", work.resolve(name + ".pid").toString());
        config.put("report_stats", false);
        config.put("enable_metrics", true);
        config.put("signing_key_path", signingKey.toString());
        config.put("log_config", work.resolve("log.yaml").toString());
        config.put("media_store_path", work.resolve(name + "-media").toString());
        config.put("registration_shared_secret", REGISTRATION_SECRET);
        config.put("macaroon_secret_key", "e2e-macaroon-" + name);
        config.put("form_secret", "e2e-form-" + name);
        config.put("trusted_key_servers", List.of());
        config.put("suppress_key_server_warning", true);
        config.put("listeners", listeners);
        // Synapse needs C collation (it refuses other databases); two connections per process keep
        // every process of both homeservers well under PostgreSQL's max_connections.
        config.put("database", Map.of("name", "psycopg2", "args", Map.of("user", "postgres", "host", "127.0.0.1",
                "port", postgresPort, "dbname", database, "cp_min", 1, "cp_max", 2)));
        // The clients are this suite's own: no rate limits.
        Map<String, Object> unlimited = Map.of("per_second", 1000, "burst_count", 1000);
        config.put("rc_message", unlimited);
        config.put("rc_registration", unlimited);
        config.put("rc_joins", Map.of("local", unlimited, "remote", unlimited));
        config.putAll(workers);
        Files.writeString(work.resolve(name + ".yaml"), yaml(config));
    }

    private void writeWorker(Process worker) throws IOException {
        List<Object> listeners = new ArrayList<>();
        if (worker.httpPort() != 0) {
            listeners.add(listener("http", worker.httpPort(), List.of(worker.httpResource())));
        }
        listeners.add(listener("metrics", worker.metricsPort(), null));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("worker_app", "synapse.app.generic_worker");
        config.put("worker_name", worker.name());
        config.put("worker_log_config", work.resolve("log.yaml").toString());
        config.put("worker_listeners", listeners);
        Files.writeString(work.resolve(worker.name() + ".yaml"), yaml(config));
    }

    private static Map<String, Object> listener(String type, int port, List<String> resources) {
        Map<String, Object> listener = new LinkedHashMap<>();
        listener.put("type", type);
        listener.put("port", port);
        listener.put("bind_addresses", List.of("127.0.0.1"));
        if (resources != null) {
            listener.put("resources", List.of(Map.of("names", resources, "compress", false)));
        }
        return listener;
    }

    /** Warnings and errors only: the logs stay small, and a failure's cause is still in them. */
    private void writeLogConfig() throws IOException {
        Files.writeString(work.resolve("log.yaml"), yaml(Map.of(
                "version", 1,
                "formatters", Map.of("precise", Map.of("format",
                        "%(asctime)s - %(name)s - %(lineno)d - %(levelname)s - %(request)s - %(message)s")),
                "handlers", Map.of("console", Map.of("class", "logging.StreamHandler", "formatter", "precise")),
                "root", Map.of("level", "WARNING", "handlers", List.of("console")),
                "disable_existing_loggers", false)));
    }

    /** A new Ed25519 signing key's 32-byte seed, unpadded base64, as Synapse's key files hold it. */
    private static String ed25519Seed() throws GeneralSecurityException {
        byte[] pkcs8 = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate().getEncoded();
        byte[] seed = Arrays.copyOfRange(pkcs8, pkcs8.length - 32, pkcs8.length);
        return Base64.getEncoder().withoutPadding().encodeToString(seed);
    }

    private static String yaml(Map<String, Object> config) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return new Yaml(options).dump(config);
    }

    /** The cached virtualenv synapse-venv.sh prints, installing it on the first run. */
    private static Path virtualenv(Path script) throws IOException, InterruptedException {
        java.lang.Process install = new ProcessBuilder(script.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String venv = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!install.waitFor(15, TimeUnit.MINUTES) || install.exitValue() != 0) {
            throw new IOException(script + " failed (exit " + install.exitValue() + ")");
        }
        return Path.of(venv);
    }
}

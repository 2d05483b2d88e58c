package io.matrixmon.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * key_vault, the Django service that keeps Matrix clients' end-to-end encryption key backups: the
 * small Django project in {@code src/test/python/key_vault}, instrumented with Debian's
 * django-prometheus 2.2.0 and run by Debian's Python (which has python3-django and
 * python3-django-prometheus; the pyenv Python on the PATH and Synapse's virtualenv have neither),
 * with the clients that back up and fetch keys through it, so its response counters move.
 */
final class KeyVault implements AutoCloseable {

    static final String PROCESS = "key-vault";
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    /** The users whose key backups the clients keep; each is stored (PUT) and fetched (GET) in turn. */
    private static final List<String> USERS = List.of("@alice:main.e2e", "@bob:main.e2e", "@carol:main.e2e");

    private final Processes processes;
    private final Path project;
    private final Path data;
    private final Path log;
    private final int port;
    private final ScheduledExecutorService traffic = Executors.newSingleThreadScheduledExecutor();
    // HTTP/1.1 as a Matrix client speaks it to key_vault; Java's default would try an h2c upgrade.
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1)).build();
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong step = new AtomicLong();

    /** key_vault from the Django project {@code project}, its SQLite database in {@code data}. */
    KeyVault(Processes processes, Path project, Path data, Path logs, int port) {
        this.processes = processes;
        this.project = project;
        this.data = data;
        this.log = logs.resolve(PROCESS + ".log");
        this.port = port;
    }

    /**
     * Creates or updates the database schema (as a deployment's migration job would), then serves
     * Django on 127.0.0.1 ({@code runserver}: threaded, without the auto-reloader, which would
     * fork a second process).
     */
    void start() throws IOException, InterruptedException {
        if (!Files.isExecutable(PYTHON)) {
            throw new IllegalStateException(PYTHON + " is missing: run scripts/install-test-deps.sh");
        }
        Files.createDirectories(data);
        ProcessBuilder builder = new ProcessBuilder(manage("migrate", "--noinput")).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment());
        Process migrate = builder.start();
        if (!migrate.waitFor(60, TimeUnit.SECONDS) || migrate.exitValue() != 0) {
            migrate.destroyForcibly();
            throw new IllegalStateException("key_vault's migrate failed (are python3-django and"
                    + " python3-django-prometheus installed? scripts/install-test-deps.sh); its log ends with:\n"
                    + processes.tail(PROCESS));
        }
        processes.start(PROCESS, port, environment(), manage("runserver", "--noreload", "127.0.0.1:" + port)
                .toArray(String[]::new));
    }

    void stop() {
        processes.stop(PROCESS);
    }

    /** The command line of one of Django's management commands, with Debian's Python. */
    private List<String> manage(String... command) {
        // -E -s: no PYTHON* variable and no user site-packages; only Debian's packages are imported.
        // -B: no __pycache__ written into the repository's source tree.
        List<String> line = new ArrayList<>(List.of(PYTHON.toString(), "-B", "-E", "-s",
                project.resolve("manage.py").toString()));
        line.addAll(List.of(command));
        return line;
    }

    private Map<String, String> environment() {
        return Map.of("KEY_VAULT_DATA", data.toString(), "DJANGO_SETTINGS_MODULE", "key_vault.settings");
    }

    /** Makes the given percentage of key backup requests fail with Django's 500 (0 to stop). */
    void answerErrors(int percent) throws IOException {
        Files.writeString(data.resolve("fail-percent"), Integer.toString(percent));
    }

    /**
     * Clients store and fetch their key backups, two requests a second (the alert needs 0.05),
     * and a kubelet-like readiness probe asks /health every ten seconds, until closed.
     */
    void sendTraffic() {
        URI base = URI.create("http://127.0.0.1:" + port + "/");
        traffic.scheduleAtFixedRate(() -> {
            long n = step.getAndIncrement();
            String user = USERS.get((int) (n / 2 % USERS.size()));
            URI uri = base.resolve("v1/keys/backup/" + user);
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2));
            if (n % 2 == 0) {
                String backup = "{\"algorithm\": \"m.megolm_backup.v1.curve25519-aes-sha2\","
                        + " \"rooms\": {\"!room:main.e2e\": {\"sessions\": {\"s" + n + "\": {\"first_message_index\": 0}}}}}";
                request.PUT(HttpRequest.BodyPublishers.ofString(backup, StandardCharsets.UTF_8))
                        .header("Content-Type", "application/json");
            }
            send(request.build());
            if (n % 20 == 0) {
                send(HttpRequest.newBuilder(base.resolve("health")).timeout(Duration.ofSeconds(2)).build());
            }
        }, 0, 500, TimeUnit.MILLISECONDS);
    }

    private void send(HttpRequest request) {
        try {
            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status < 500) {
                answered.incrementAndGet();
            }
        } catch (IOException e) {
            // key_vault is stopped in one scenario; the clients go on when it is back.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until key_vault has answered the clients again (after a restart). */
    void awaitTraffic(String scenario) {
        long before = answered.get();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (answered.get() < before + 5) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Scenario '" + scenario + "': key_vault answered " + (answered.get() - before)
                        + " client requests in 30 s; its log ends with:\n" + processes.tail(PROCESS));
            }
            Processes.sleep(200);
        }
    }

    /** The live exposition of django-prometheus's /metrics view. */
    String metrics() throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/metrics")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("key_vault's /metrics answered " + response.statusCode());
        }
        return response.body();
    }

    @Override
    public void close() {
        traffic.shutdownNow();
    }
}

package io.matrixmon.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The processes the suite starts, by name: each logs to its own file, is known by its PID, and
 * is stopped (TERM, then KILL) by {@link #close()} whatever happened, so no process or port is
 * left behind.
 */
final class Processes implements AutoCloseable {

    private final Path logs;
    private final Map<String, Process> running = new LinkedHashMap<>();
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final Map<String, String> commands = new LinkedHashMap<>();
    private final Map<String, String> stopSignals = new LinkedHashMap<>();

    Processes(Path logs) throws IOException {
        this.logs = Files.createDirectories(logs);
        // Should the test JVM end without closing the suite (a timeout), nothing is left running either.
        Runtime.getRuntime().addShutdownHook(new Thread(this::close));
    }

    /** Starts a process and waits until it accepts connections on its loopback port. */
    void start(String name, int port, Map<String, String> environment, String... command) throws IOException {
        launch(name, port, environment, command);
        awaitListening(name, Duration.ofSeconds(20));
    }

    /** Starts a process without waiting for it, so that slow starters can start side by side. */
    void launch(String name, int port, Map<String, String> environment, String... command) throws IOException {
        if (listening(port)) {
            throw new IllegalStateException("port 127.0.0.1:" + port + " is already taken; " + name + " cannot start");
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(name + ".log").toFile()));
        builder.environment().putAll(environment);
        running.put(name, builder.start());
        ports.put(name, port);
        commands.put(name, String.join(" ", command));
    }

    /** Waits until a launched process accepts connections on its loopback port. */
    void awaitListening(String name, Duration timeout) {
        Process process = running.get(name);
        int port = ports.get(name);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!listening(port)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " (" + commands.get(name) + ") did not start listening on "
                        + port + "; its log ends with:\n" + tail(name));
            }
            sleep(50);
        }
    }

    /** Sends a signal to a running process by its PID. */
    void signal(String name, String signal) throws IOException, InterruptedException {
        Process process = running.get(name);
        if (process == null) {
            throw new IllegalStateException(name + " is not running");
        }
        Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IOException("kill -s " + signal + " " + process.pid() + " (" + name + ") failed");
        }
    }

    /** Stops one process by its PID (TERM, or the signal set by {@link #stopWith}) and waits until its port is free. */
    void stop(String name) {
        Process process = running.get(name);
        if (process == null) {
            return;
        }
        String signal = stopSignals.get(name);
        if (signal == null) {
            process.destroy();
        } else {
            try {
                signal(name, signal);
            } catch (IOException | InterruptedException e) {
                process.destroy();
            }
        }
        awaitExit(name);
    }

    /** The signal that stops the named process (PostgreSQL shuts down at once on INT, TERM waits for clients). */
    void stopWith(String name, String signal) {
        stopSignals.put(name, signal);
    }

    /** Waits for a process that was told to stop (KILL after 5 seconds) and until its port is free. */
    private void awaitExit(String name) {
        Process process = running.remove(name);
        commands.remove(name);
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Integer port = ports.remove(name);
        for (int i = 0; port != null && i < 100 && listening(port); i++) {
            sleep(50);
        }
    }

    boolean isRunning(String name) {
        Process process = running.get(name);
        return process != null && process.isAlive();
    }

    String tail(String name) {
        try {
            List<String> lines = Files.readAllLines(logs.resolve(name + ".log"), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void close() {
        List<String> names = new ArrayList<>(running.keySet());
        java.util.Collections.reverse(names);
        names.forEach(this::stop);
    }
}

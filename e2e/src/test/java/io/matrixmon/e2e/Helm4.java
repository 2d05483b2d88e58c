package io.matrixmon.e2e;

import io.matrixmon.core.PinnedTools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Helm 4 command line of the version pinned in scripts/tools.pins, as scripts/tools.sh builds it
 * into the user's cache, run with its configuration, caches and registry logins under {@code home}
 * so that nothing of the user's Helm is read or changed.
 */
final class Helm4 {

    /** What a run printed on its standard output and error, and its exit code. */
    record Result(List<String> command, int exitCode, String output, String errors) {

        /** The output; fails with the command and everything it printed unless it exited with 0. */
        String ok() {
            if (exitCode != 0) {
                throw new AssertionError(toString());
            }
            return output;
        }

        @Override
        public String toString() {
            return String.join(" ", command) + " exited with " + exitCode + "; it printed:\n" + output
                    + "\nand on its standard error:\n" + errors;
        }
    }

    private final Path binary;
    private final String version;
    private final Path home;

    private Helm4(Path binary, String version, Path home) {
        this.binary = binary;
        this.version = version;
        this.home = home;
    }

    /** The pinned Helm 4 (scripts/tools.pins); fails, naming the command that builds it, when it is not built. */
    static Helm4 pinned(Path home) throws IOException {
        PinnedTools.Tool helm = PinnedTools.reference("helm");
        return new Helm4(helm.binary("helm"), "v" + helm.version(), Files.createDirectories(home));
    }

    /** The version the pin names, as {@code helm version} prints it (v4.3.2). */
    String version() {
        return version;
    }

    /** Runs helm; the output, or an error with the command and what it printed unless it exits with 0. */
    String run(String... arguments) {
        return tryRun(null, Map.of(), arguments).ok();
    }

    /** Runs helm with text on its standard input (may be null) and more environment variables. */
    Result tryRun(String input, Map<String, String> environment, String... arguments) {
        List<String> command = new ArrayList<>(List.of(binary.toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(key -> key.startsWith("HELM_") || key.equals("KUBECONFIG"));
        env.put("HELM_CONFIG_HOME", home.resolve("config").toString());
        env.put("HELM_CACHE_HOME", home.resolve("cache").toString());
        env.put("HELM_DATA_HOME", home.resolve("data").toString());
        env.put("HELM_REGISTRY_CONFIG", registryConfig().toString());
        // No command here needs a cluster: none is reached, whatever the user's kubeconfig says.
        env.put("KUBECONFIG", home.resolve("no-cluster").toString());
        env.putAll(environment);
        try {
            // The output goes to files, so that a helm that hangs cannot block a reader past the timeout.
            Path output = Files.createTempFile(home, "helm-", ".out");
            Path errors = Files.createTempFile(home, "helm-", ".err");
            Process process = builder.redirectOutput(output.toFile()).redirectError(errors.toFile()).start();
            if (input != null) {
                process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
            }
            process.getOutputStream().close();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not end within 60 s");
            }
            Result result = new Result(command, process.exitValue(), Files.readString(output, StandardCharsets.UTF_8),
                    Files.readString(errors, StandardCharsets.UTF_8));
            Files.delete(output);
            Files.delete(errors);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Where {@code helm registry login} keeps its credentials. */
    Path registryConfig() {
        return home.resolve("config/registry/config.json");
    }
}

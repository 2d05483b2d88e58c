package io.matrixmon.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The tools the tests hold the chart against, as {@code scripts/tools.pins} pins them and
 * {@code scripts/tools.sh install} builds them into the user's cache. The first pinned version of a
 * tool is the reference (the one kube-prometheus-stack 67.0.0 runs), the others are further legs.
 */
public final class PinnedTools {

    /** One pinned version of a tool, e.g. {@code prometheus-3.0.1}. */
    public record Tool(String name, String version, Path bin) {

        /** The path of one of its binaries; fails the test when the tool was not built. */
        public Path binary(String binary) {
            Path path = bin.resolve(binary);
            if (!Files.isExecutable(path)) {
                throw new AssertionError(name + "-" + version + " has no " + path + "; run scripts/tools.sh install");
            }
            return path;
        }

        /** Runs one of its binaries in the directory and waits for it; what it printed, both streams merged. */
        public Run run(String binary, Path directory, String... arguments) {
            List<String> command = new ArrayList<>(List.of(binary(binary).toString()));
            command.addAll(List.of(arguments));
            try {
                Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                        .start();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(5, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new AssertionError(this + ": " + String.join(" ", command) + " took over 5 minutes");
                }
                return new Run(this, process.exitValue(), output);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        @Override
        public String toString() {
            return name + " " + version;
        }
    }

    /** What one run of a tool's binary printed, and its exit code. */
    public record Run(Tool tool, int exit, String output) {
    }

    private PinnedTools() {
    }

    /** Every pinned version of the tool, the reference first. */
    public static List<Tool> all(String name) {
        List<Tool> tools = pins().stream().map(PinnedTools::tool).filter(tool -> tool.name().equals(name)).toList();
        if (tools.isEmpty()) {
            throw new AssertionError("scripts/tools.pins pins no " + name);
        }
        return tools;
    }

    /** The version users of kube-prometheus-stack 67.0.0 run. */
    public static Tool reference(String name) {
        return all(name).get(0);
    }

    private static Tool tool(String pin) {
        String nameAndVersion = pin.substring(0, pin.indexOf('|'));
        int dash = nameAndVersion.lastIndexOf('-');
        return new Tool(nameAndVersion.substring(0, dash), nameAndVersion.substring(dash + 1),
                cache().resolve(nameAndVersion).resolve("bin"));
    }

    private static List<String> pins() {
        try {
            return Files.readAllLines(repository().resolve("scripts/tools.pins")).stream()
                    .filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where scripts/tools.sh builds: ${XDG_CACHE_HOME:-~/.cache}/matrixmon/tools. */
    private static Path cache() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg == null || xdg.isBlank() ? Path.of(System.getProperty("user.home"), ".cache") : Path.of(xdg);
        return base.resolve("matrixmon/tools");
    }

    /** The checkout the tests run in: the nearest directory up from the module with scripts/tools.pins. */
    private static Path repository() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("scripts/tools.pins"))) {
                return dir;
            }
        }
        throw new AssertionError("no scripts/tools.pins above " + Path.of("").toAbsolutePath());
    }
}

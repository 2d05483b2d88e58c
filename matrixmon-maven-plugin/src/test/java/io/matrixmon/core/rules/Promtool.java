package io.matrixmon.core.rules;

import io.matrixmon.core.PinnedTools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs a promtool command with every pinned Prometheus at once (kube-prometheus-stack 67.0.0's and
 * the newest): a rule or fixture is proven only when every version users run agrees.
 */
final class Promtool {

    /** What one version printed. */
    record Run(PinnedTools.Tool prometheus, int exit, String output) {
    }

    /** Every version's run; passed when each exited 0. */
    record Outcome(List<Run> runs) {

        boolean passed() {
            return runs.stream().allMatch(run -> run.exit() == 0);
        }

        /** The first failing exit code, 0 when every version passed. */
        int exit() {
            return runs.stream().mapToInt(Run::exit).filter(exit -> exit != 0).findFirst().orElse(0);
        }

        /** Each version's output under a heading naming it. */
        String report() {
            return runs.stream().map(run -> "--- promtool of " + run.prometheus() + " (exit " + run.exit() + ")\n" + run.output())
                    .collect(Collectors.joining("\n"));
        }
    }

    private Promtool() {
    }

    /** Fails, not skips, when a pinned promtool is missing: these tests are the proof of the rules. */
    static Outcome run(Path directory, String... arguments) {
        List<CompletableFuture<Run>> runs = new ArrayList<>();
        for (PinnedTools.Tool prometheus : PinnedTools.all("prometheus")) {
            Path promtool = prometheus.binary("promtool");
            runs.add(CompletableFuture.supplyAsync(() -> run(prometheus, promtool, directory, arguments)));
        }
        return new Outcome(runs.stream().map(CompletableFuture::join).toList());
    }

    private static Run run(PinnedTools.Tool prometheus, Path promtool, Path directory, String... arguments) {
        List<String> command = new ArrayList<>(List.of(promtool.toString()));
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(300, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(prometheus + ": promtool " + String.join(" ", arguments) + " took over 5 minutes");
            }
            return new Run(prometheus, process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

package io.matrixmon.core.rules;

import io.matrixmon.core.PinnedTools;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * Runs a promtool command with every pinned Prometheus at once (kube-prometheus-stack 67.0.0's and
 * the newest): a rule or fixture is proven only when every version users run agrees.
 */
final class Promtool {

    /** Every version's run; passed when each exited 0. */
    record Outcome(List<PinnedTools.Run> runs) {

        boolean passed() {
            return runs.stream().allMatch(run -> run.exit() == 0);
        }

        /** The first failing exit code, 0 when every version passed. */
        int exit() {
            return runs.stream().mapToInt(PinnedTools.Run::exit).filter(exit -> exit != 0).findFirst().orElse(0);
        }

        /** Each version's output under a heading naming it. */
        String report() {
            return runs.stream().map(run -> "--- promtool of " + run.tool() + " (exit " + run.exit() + ")\n" + run.output())
                    .collect(Collectors.joining("\n"));
        }
    }

    private Promtool() {
    }

    /** Fails, not skips, when a pinned promtool is missing: these tests are the proof of the rules. */
    static Outcome run(Path directory, String... arguments) {
        List<PinnedTools.Tool> releases = PinnedTools.all("prometheus");
        releases.forEach(prometheus -> prometheus.binary("promtool"));
        List<CompletableFuture<PinnedTools.Run>> runs = releases.stream()
                .map(prometheus -> CompletableFuture.supplyAsync(() -> prometheus.run("promtool", directory, arguments)))
                .toList();
        return new Outcome(runs.stream().map(CompletableFuture::join).toList());
    }
}

package io.matrixmon.core.rules;

import io.matrixmon.core.component.Components;
import io.matrixmon.core.lint.Manifest;
import io.matrixmon.core.render.Charts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The generated promtool tests the ITs share, run once per test JVM: the default chart with every
 * alert rendered ({@link Charts#EVERY_ALERT}), as the split files of {@link SplitFiles} (a pair per
 * alert, per recorded name and per objective's burns), each run by promtool of every pinned
 * Prometheus. A variant (other values, other bundles) writes its own split files and runs only the
 * test files that differ from the shared suite's,
 * in their text or in a rule file they read: promtool is deterministic, so an identical pair has
 * already passed or failed in the shared run, and a variant that reuses any file fails when the
 * shared run failed.
 */
final class PromtoolSuite {

    /**
     * A suite's files, the test files promtool ran for it, the ones it took from the shared run,
     * and promtool's outcome (no runs when nothing differed).
     */
    record Run(RuleTestGenerator.Files files, List<String> ran, List<String> reused, Promtool.Outcome outcome,
            boolean sharedPassed) {

        int exit() {
            return outcome.exit() != 0 ? outcome.exit() : reused.isEmpty() || sharedPassed ? 0 : 1;
        }

        String report() {
            return "ran " + ran + ", reused from the shared suite " + reused
                    + (reused.isEmpty() || sharedPassed ? "" : " (which FAILED: see its own test)") + "\n"
                    + outcome.report();
        }
    }

    private static Run shared;

    private PromtoolSuite() {
    }

    /** The shared suite: every test file run. */
    static synchronized Run everyAlert() {
        if (shared == null) {
            try {
                Path dir = Files.createTempDirectory("matrixmon-promtool-suite");
                RuleTestGenerator.Files files = new RuleTestGenerator(Components.embedded()).generate(
                        Charts.template(Charts.defaultChart(), Charts.EVERY_ALERT),
                        PromtoolAlertTestsIT.effectiveValues(Charts.EVERY_ALERT));
                shared = run(dir, files, new ArrayList<>(files.split().ruleFiles().keySet()), true);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    /** A variant of the shared suite: its files generated, only those that differ from the shared ones run. */
    static Run variant(Path dir, List<Manifest> manifests, Map<String, Object> values, Components components)
            throws IOException {
        Run base = everyAlert();
        RuleTestGenerator.Files files = new RuleTestGenerator(components).generate(manifests, values);
        List<String> differing = new ArrayList<>();
        files.split().ruleFiles().forEach((tests, rules) -> {
            if (!sameText(tests, files.split(), base.files().split())
                    || !rules.equals(base.files().split().ruleFiles().get(tests))
                    || !rules.stream().allMatch(file -> sameText(file, files.split(), base.files().split()))) {
                differing.add(tests);
            }
        });
        return run(dir, files, differing, base.outcome().passed());
    }

    private static boolean sameText(String file, SplitFiles variant, SplitFiles base) {
        return Objects.equals(variant.files().get(file), base.files().get(file));
    }

    private static Run run(Path dir, RuleTestGenerator.Files files, List<String> testFiles, boolean sharedPassed)
            throws IOException {
        for (Map.Entry<String, String> file : files.split().files().entrySet()) {
            Files.writeString(dir.resolve(file.getKey()), file.getValue());
        }
        List<String> reused = files.split().ruleFiles().keySet().stream().filter(f -> !testFiles.contains(f)).toList();
        Promtool.Outcome outcome = new Promtool.Outcome(List.of());
        if (!testFiles.isEmpty()) {
            List<String> arguments = new ArrayList<>(List.of("test", "rules"));
            arguments.addAll(testFiles);
            outcome = Promtool.run(dir, arguments.toArray(String[]::new));
        }
        // Says in the test's output what a run cost: which files promtool ran and which it took as they were.
        System.out.println("promtool ran " + testFiles + "; reused " + reused);
        return new Run(files, List.copyOf(testFiles), reused, outcome, sharedPassed);
    }
}

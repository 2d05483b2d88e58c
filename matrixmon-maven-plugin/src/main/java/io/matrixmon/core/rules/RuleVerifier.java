package io.matrixmon.core.rules;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Writes a chart's promtool files for the values a user will install, and runs {@code promtool
 * check rules} and {@code promtool test rules} on them.
 */
public final class RuleVerifier {

    /**
     * What was written and what promtool said ({@code failure} is empty when promtool passed or
     * did not run); {@code untested} lists rules without a test fixture.
     */
    public record Outcome(Path rules, Path tests, int alertsTested, List<String> untested, Optional<String> failure,
            boolean promtoolRan) {
    }

    /**
     * @param valuesFile the install-time values, or null for the chart's defaults
     * @param promtool promtool's path, or a name looked up on the PATH
     */
    public Outcome verify(Path chart, Path valuesFile, Path outputDirectory, String promtool) throws IOException {
        PromtoolFiles.Generated generated = PromtoolFiles.generate(chart, valuesFile);
        Files.createDirectories(outputDirectory);
        for (var file : generated.byName().entrySet()) {
            Files.writeString(outputDirectory.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
        }
        Path rules = outputDirectory.resolve("rules.yaml");
        Path tests = outputDirectory.resolve("tests.yaml");
        int alerts = generated.tests().alertsTested();
        List<String> untested = generated.tests().untested();
        Optional<Path> executable = find(promtool);
        if (executable.isEmpty()) {
            return new Outcome(rules, tests, alerts, untested, Optional.empty(), false);
        }
        Optional<String> failure = run(executable.get(), outputDirectory, "check", "rules", "rules.yaml")
                .or(() -> run(executable.get(), outputDirectory, "test", "rules", "tests.yaml"));
        return new Outcome(rules, tests, alerts, untested, failure, true);
    }

    private static Optional<String> run(Path promtool, Path directory, String... arguments) {
        String command = "promtool " + String.join(" ", arguments);
        try {
            List<String> line = new ArrayList<>(List.of(promtool.toString()));
            line.addAll(List.of(arguments));
            Process process = new ProcessBuilder(line).directory(directory.toFile()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return Optional.of(command + " did not finish in 5 minutes");
            }
            return process.exitValue() == 0 ? Optional.empty()
                    : Optional.of(command + " failed in " + directory + ":\n" + output.strip());
        } catch (IOException e) {
            return Optional.of(command + " could not run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(command + " was interrupted");
        }
    }

    /** promtool as given when it is a path, else the first executable of that name on the PATH. */
    static Optional<Path> find(String promtool) {
        if (promtool.contains(File.separator)) {
            Path path = Path.of(promtool);
            return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
        }
        for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(directory, promtool);
            if (!directory.isEmpty() && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}

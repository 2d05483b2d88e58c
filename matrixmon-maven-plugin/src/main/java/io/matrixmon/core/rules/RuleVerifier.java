package io.matrixmon.core.rules;

import io.matrixmon.core.helm.HelmCharts;
import io.matrixmon.core.lint.Manifest;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Renders a chart's rules with the values a user will install, writes them with their generated
 * unit tests as promtool files, and runs {@code promtool check rules} and {@code promtool test
 * rules} on them.
 */
public final class RuleVerifier {

    /** What was written and what promtool said (empty when promtool is not installed). */
    public record Outcome(Path rules, Path tests, int alertsTested, Optional<String> failure, boolean promtoolRan) {
    }

    /**
     * @param valuesFile the install-time values, or null for the chart's defaults
     * @param promtool promtool's path, or a name looked up on the PATH
     */
    public Outcome verify(Path chart, Path valuesFile, Path outputDirectory, String promtool)
            throws IOException, InterruptedException {
        Map<String, Object> values = readMap(chart.resolve("values.yaml"));
        if (valuesFile != null) {
            values = merge(values, readMap(valuesFile));
        }
        String manifests = HelmCharts.template(chart, "verify", "monitoring", Map.of(), valuesFile);
        RuleTestGenerator.Files files = new RuleTestGenerator().generate(Manifest.parse(manifests), values);
        Files.createDirectories(outputDirectory);
        Path rules = Files.writeString(outputDirectory.resolve("rules.yaml"), files.rules());
        Path tests = Files.writeString(outputDirectory.resolve("tests.yaml"), files.tests());
        Files.writeString(outputDirectory.resolve("README.md"), """
                # promtool files of the chart's rules

                `rules.yaml` holds the rule groups of the chart's PrometheusRules (after helm template),
                `tests.yaml` the unit tests of every alert, generated from the same values.
                Run them with `promtool test rules tests.yaml`; after changing values, regenerate them with
                `mvn matrixmon:verify-rules -Dmatrixmon.values=my-values.yaml`.
                """);
        Optional<Path> executable = find(promtool);
        if (executable.isEmpty()) {
            return new Outcome(rules, tests, files.alertsTested(), Optional.empty(), false);
        }
        Optional<String> failure = run(executable.get(), outputDirectory, "check", "rules", "rules.yaml")
                .or(() -> run(executable.get(), outputDirectory, "test", "rules", "tests.yaml"));
        return new Outcome(rules, tests, files.alertsTested(), failure, true);
    }

    private static Optional<String> run(Path promtool, Path directory, String... arguments) {
        try {
            List<String> command = new java.util.ArrayList<>(List.of(promtool.toString()));
            command.addAll(List.of(arguments));
            Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return Optional.of("promtool " + String.join(" ", arguments) + " did not finish in 5 minutes");
            }
            return process.exitValue() == 0 ? Optional.empty()
                    : Optional.of("promtool " + String.join(" ", arguments) + " failed:\n" + output.strip());
        } catch (IOException e) {
            return Optional.of("promtool could not run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }

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

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readMap(Path file) throws IOException {
        Object loaded = new Yaml(new LoaderOptions()).load(Files.readString(file, StandardCharsets.UTF_8));
        return loaded instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    /** Helm's merge of a values file over the defaults: maps key by key, everything else replaced. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> overlay) {
        Map<String, Object> merged = new LinkedHashMap<>(base);
        overlay.forEach((key, value) -> merged.put(key, value instanceof Map<?, ?> map
                && merged.get(key) instanceof Map<?, ?> current
                ? merge((Map<String, Object>) current, (Map<String, Object>) map) : value));
        return merged;
    }
}

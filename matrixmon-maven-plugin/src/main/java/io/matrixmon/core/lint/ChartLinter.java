package io.matrixmon.core.lint;

import com.marcnuri.helm.LintResult;
import io.matrixmon.core.PluginThreads;
import io.matrixmon.core.helm.HelmCharts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Lints a rendered chart twice, with its default values and with every optional component
 * enabled: {@code helm lint --strict}, then {@code helm template}, validation of every
 * monitoring.coreos.com/v1 object it produces, and the metric catalog check of every rule.
 */
public final class ChartLinter {

    /** What linting found; the build fails when {@link #findings()} is not empty. */
    public record Report(List<String> notes, List<Finding> findings, int objectsValidated) {
    }

    /** Compiling the schema and reading the catalog takes a few hundred ms: done once, early. */
    private static final AtomicReference<CompletableFuture<ChartLinter>> WARM = new AtomicReference<>();

    private final ApiSchemaValidator validator = new ApiSchemaValidator();
    private final CatalogCheck catalogCheck = new CatalogCheck(MetricCatalog.load());

    /** Starts building a linter in the background (the render goal calls this). */
    public static void warmUp(PluginThreads threads) {
        CompletableFuture<ChartLinter> linter = new CompletableFuture<>();
        // Only the caller that installs the future builds the linter: at most one is ever built.
        if (WARM.compareAndSet(null, linter)) {
            threads.run(() -> {
                try {
                    linter.complete(new ChartLinter());
                } catch (RuntimeException | Error e) {
                    linter.completeExceptionally(e);
                }
            });
        }
    }

    /** The warmed-up linter, or a new one built on {@code threads}. */
    public static ChartLinter shared(PluginThreads threads) {
        warmUp(threads);
        return WARM.get().join();
    }

    /**
     * Lints both variants at once (they share nothing; the second runs on {@code threads}); the report lists the default variant
     * first. The dashboards, the same files in both, are checked once, against the recording
     * rules of every component.
     */
    public Report lint(Path chartDirectory, Path scratch, PluginThreads threads) throws IOException {
        Path allEnabled = HelmCharts.copyAllEnabled(chartDirectory, scratch);
        CompletableFuture<Report> everything = threads.supply(() -> check("every component enabled", allEnabled, true));
        Report defaults = check("default values", chartDirectory, false);
        Report enabled = everything.join();
        List<String> notes = new ArrayList<>(defaults.notes());
        notes.addAll(enabled.notes());
        // A problem both variants meet (a shared template, a rule of a default component) is reported once.
        List<Finding> findings = Stream.concat(defaults.findings().stream(),
                enabled.findings().stream()).distinct().toList();
        return new Report(notes, findings, defaults.objectsValidated() + enabled.objectsValidated());
    }

    private Report check(String variant, Path chart, boolean withDashboards) {
        List<String> notes = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        LintResult lint = HelmCharts.lint(chart);
        for (String message : lint.getMessages()) {
            if (message.startsWith("[ERROR]") || message.startsWith("[WARNING]")) {
                findings.add(new Finding(file(message), "helm lint --strict (" + variant + ")", "-",
                        message.substring(message.indexOf(']') + 1).strip()));
            } else {
                notes.add("helm lint (" + variant + "): " + message);
            }
        }
        if (lint.isFailed()) {
            return new Report(notes, findings, 0);
        }
        String manifests;
        try {
            manifests = HelmCharts.template(chart, "lint", "monitoring", Map.of());
        } catch (IllegalStateException e) {
            findings.add(new Finding("templates/", "helm template (" + variant + ")", "-", e.getMessage().strip()));
            return new Report(notes, findings, 0);
        }
        List<Manifest> objects = Manifest.parse(manifests, validator.kinds()::contains);
        objects.forEach(manifest -> findings.addAll(validator.validate(manifest)));
        findings.addAll(catalogCheck.check(objects));
        if (withDashboards) {
            findings.addAll(catalogCheck.checkDashboards("files/dashboards/", dashboards(chart), objects));
        }
        return new Report(notes, findings, objects.size());
    }

    /** The chart's dashboards as shipped (templates/grafana/dashboards.yaml embeds them as they are). */
    private static Map<String, String> dashboards(Path chart) {
        Map<String, String> dashboards = new TreeMap<>();
        Path directory = chart.resolve("files/dashboards");
        if (!Files.isDirectory(directory)) {
            return dashboards;
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".json"))::iterator) {
                dashboards.put(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the dashboards of " + chart, e);
        }
        return dashboards;
    }

    private static String file(String message) {
        String rest = message.substring(message.indexOf(']') + 1).strip();
        int colon = rest.indexOf(':');
        return colon > 0 ? rest.substring(0, colon) : "Chart";
    }
}

package io.matrixmon.core.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.matrixmon.core.PluginThreads;
import io.matrixmon.core.chart.ChartDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.stream.Stream;

/** The real Helm library (through helm-java) applied to a chart directory. */
public final class HelmCharts {

    private HelmCharts() {
    }

    /**
     * Loads the Helm library (about 0.7 s) on one of {@code threads}, so that it is ready when the
     * lint goal needs it instead of adding its load time to the build.
     */
    public static void preload(PluginThreads threads) {
        threads.run(() -> {
            try {
                Helm.version().call();
            } catch (RuntimeException | LinkageError e) {
                // The goal that needs Helm reports the problem when it calls it.
            }
        });
    }

    /** {@code helm lint --strict}; the messages, failed or not. */
    public static LintResult lint(Path chartDirectory) {
        return new Helm(chartDirectory).lint().strict().call();
    }

    /**
     * A copy of the chart in which every component is enabled. helm lint takes no values, so the
     * copy's values.yaml says {@code enabled: true} everywhere.
     */
    public static Path copyAllEnabled(Path chartDirectory, Path scratch) throws IOException {
        Path copy = scratch.resolve(chartDirectory.getFileName());
        if (Files.exists(copy)) {
            ChartDirectory.deleteTree(copy);
        }
        copyTree(chartDirectory, copy);
        Path values = copy.resolve("values.yaml");
        String enabled = Files.readString(values, StandardCharsets.UTF_8)
                .replaceAll("(?m)^(\\s*enabled:) false$", "$1 true");
        Files.writeString(values, enabled, StandardCharsets.UTF_8);
        return copy;
    }

    /** {@code helm template} with --set values; the rendered manifests. */
    public static String template(Path chartDirectory, String releaseName, String namespace, Map<String, ?> sets) {
        return template(chartDirectory, releaseName, namespace, sets, null);
    }

    /** {@code helm template} with a values file (may be null) and --set values. */
    public static String template(Path chartDirectory, String releaseName, String namespace, Map<String, ?> sets,
            Path valuesFile) {
        TemplateCommand command = new Helm(chartDirectory).template().withName(releaseName).withNamespace(namespace);
        if (valuesFile != null) {
            command.withValuesFile(valuesFile);
        }
        sets.forEach(command::set);
        return command.call();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}

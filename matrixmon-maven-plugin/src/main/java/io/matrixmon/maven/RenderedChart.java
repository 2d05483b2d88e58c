package io.matrixmon.maven;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.maven.plugin.MojoFailureException;

/** Finds the chart directory the render goal wrote, for the goals that run after it. */
final class RenderedChart {

    private RenderedChart() {
    }

    static Path locate(Path outputDirectory, String chartName) throws MojoFailureException {
        if (chartName != null && !chartName.isBlank()) {
            Path chart = outputDirectory.resolve(chartName);
            if (Files.isRegularFile(chart.resolve("Chart.yaml"))) {
                return chart;
            }
            throw new MojoFailureException("No rendered chart at " + chart + "; run matrixmon:render first");
        }
        List<Path> charts;
        try (Stream<Path> children = Files.list(outputDirectory)) {
            charts = children.filter(dir -> Files.isRegularFile(dir.resolve("Chart.yaml"))).sorted().toList();
        } catch (IOException e) {
            charts = List.of();
        }
        if (charts.size() == 1) {
            return charts.get(0);
        }
        throw new MojoFailureException(charts.isEmpty()
                ? "No rendered chart in " + outputDirectory + "; run matrixmon:render first"
                : "Several charts in " + outputDirectory + " " + charts + "; set chartName (matrixmon.chartName)");
    }
}

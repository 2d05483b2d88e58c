package io.matrixmon.core.render;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.matrixmon.core.helm.HelmCharts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChartGeneratorTest {

    @Test
    void rendersTheDefaultDeployment() throws Exception {
        Path out = Path.of("target/explore");
        ChartGenerator.Result result = new ChartGenerator().generate(
                new ChartGenerator.Request(null, "default", out.resolve("none"), out, "1.0-SNAPSHOT", "test"));
        assertTrue(Files.isRegularFile(result.chartDirectory().resolve("Chart.yaml")));
        System.out.println(HelmCharts.lint(result.chartDirectory()).getMessages());
        Files.createDirectories(out.resolve("scratch"));
        System.out.println(HelmCharts.lintAllEnabled(result.chartDirectory(), out.resolve("scratch")).getMessages());
        Files.writeString(out.resolve("template.yaml"), HelmCharts.template(result.chartDirectory(), "mon", "monitoring", Map.of()));
    }
}

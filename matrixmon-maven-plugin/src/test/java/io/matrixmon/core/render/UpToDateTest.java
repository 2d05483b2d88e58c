package io.matrixmon.core.render;

import io.matrixmon.core.TestThreads;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.matrixmon.core.chart.ChartDirectory;
import io.matrixmon.core.component.Bundles;
import io.matrixmon.core.component.Components;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An unchanged build reuses the chart; any changed input renders again. */
class UpToDateTest {

    @TempDir
    Path dir;

    private ChartGenerator.Result generate(String version) throws Exception {
        return new ChartGenerator(TestThreads.SHARED).generate(new ChartGenerator.Request(dir.resolve("matrixmon.yaml"),
                "matrixmon.yaml", dir.resolve("templates"), dir.resolve("out"), version, "1.0", ""));
    }

    @Test
    void reusesTheChartOnlyWhileEveryInputIsUnchanged() throws Exception {
        Files.writeString(dir.resolve("matrixmon.yaml"), "services:\n  redis:\n    port: 9122\n");
        assertFalse(generate("1.0").upToDate());
        ChartGenerator.Result again = generate("1.0");
        assertTrue(again.upToDate());
        assertEquals("matrix-monitoring", again.chartName());
        assertEquals("1.0.0", again.chartVersion());

        Files.writeString(dir.resolve("matrixmon.yaml"), "services:\n  redis:\n    port: 9123\n");
        assertFalse(generate("1.0").upToDate(), "descriptor changed");
        assertTrue(generate("1.0").upToDate());
        assertFalse(generate("1.1").upToDate(), "project version changed");

        Files.createDirectories(dir.resolve("templates"));
        Files.writeString(dir.resolve("templates/extra.txt"), "x");
        assertFalse(generate("1.1").upToDate(), "a template override appeared");

        Files.delete(dir.resolve("out/kube-prometheus-stack-values.yaml"));
        assertFalse(generate("1.1").upToDate(), "a file rendered next to the chart was deleted");
        assertTrue(Files.isRegularFile(dir.resolve("out/kube-prometheus-stack-values.yaml")));

        ChartDirectory.deleteTree(dir.resolve("out/matrix-monitoring"));
        assertFalse(generate("1.1").upToDate(), "the chart directory was deleted");
        assertTrue(Files.isRegularFile(dir.resolve("out/matrix-monitoring/extra.txt")));
    }

    @Test
    void aChangedRunbookPageRendersAgain() throws Exception {
        Path runbooks = Files.createDirectories(dir.resolve("runbooks"));
        for (String alert : List.of("ValkeyDown", "ValkeyHighMemoryUsage")) {
            Files.copy(Bundles.THROWAWAY_RUNBOOKS.resolve(alert + ".md"), runbooks.resolve(alert + ".md"));
        }
        ChartGenerator.Request request = new ChartGenerator.Request(null, "default", dir.resolve("templates"),
                dir.resolve("out"), "1.0", "1.0", "");
        ChartGenerator.Result first = new ChartGenerator(TestThreads.SHARED, () -> { },
                Components.embedded().plus(Bundles.THROWAWAY, runbooks)).generate(request);
        assertFalse(first.upToDate());
        assertTrue(new ChartGenerator(TestThreads.SHARED, () -> { },
                Components.embedded().plus(Bundles.THROWAWAY, runbooks)).generate(request).upToDate());

        Files.writeString(runbooks.resolve("ValkeyDown.md"), "# ValkeyDown\n\nRestart it.\n");
        assertFalse(new ChartGenerator(TestThreads.SHARED, () -> { },
                Components.embedded().plus(Bundles.THROWAWAY, runbooks)).generate(request).upToDate(), "a page changed");
        assertTrue(Files.readString(first.chartDirectory().resolve("files/dashboards/runbooks.json"))
                .contains("\"# ValkeyDown\\n\\nRestart it.\\n\""));
    }

    @Test
    void aFailedRenderIsNeverReusedAsUpToDate() throws Exception {
        Files.writeString(dir.resolve("matrixmon.yaml"), "services:\n  redis:\n    port: 9122\n");
        generate("1.0");
        Files.writeString(dir.resolve("matrixmon.yaml"), "services:\n  redis:\n    port: 0\n");
        org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> generate("1.0"));
        Files.writeString(dir.resolve("matrixmon.yaml"), "services:\n  redis:\n    port: 9122\n");
        assertFalse(generate("1.0").upToDate(), "the state was cleared before the failed render");
    }
}

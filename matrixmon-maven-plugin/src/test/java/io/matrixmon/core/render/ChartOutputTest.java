package io.matrixmon.core.render;

import io.matrixmon.core.TestThreads;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The goals after render agree on the archive's name and skip only what the last render made. */
class ChartOutputTest {

    @TempDir
    Path dir;

    private Path render(String port) throws Exception {
        Files.writeString(dir.resolve("matrixmon.yaml"), "services:\n  redis:\n    port: " + port + "\n");
        return new ChartGenerator(TestThreads.SHARED).generate(new ChartGenerator.Request(dir.resolve("matrixmon.yaml"),
                "matrixmon.yaml", dir.resolve("templates"), dir.resolve("out"), "2.1-SNAPSHOT", "1.0", ""))
                .chartDirectory();
    }

    @Test
    void beforeARenderThereIsNoArchive() {
        assertNull(ChartOutput.in(dir).chartVersion());
        assertNull(ChartOutput.in(dir).archive(dir.resolve("matrix-monitoring")));
        assertFalse(ChartOutput.in(dir).linted(dir.resolve("matrix-monitoring")));
    }

    @Test
    void theArchiveIsNamedByTheChartAndTheVersionOfTheLastRender() throws Exception {
        Path chart = render("9122");
        assertEquals(dir.resolve("out/matrix-monitoring-2.1.0-SNAPSHOT.tgz"),
                ChartOutput.in(dir.resolve("out")).archive(chart));
    }

    @Test
    void lintAndPackageStayUpToDateUntilTheNextRenderChangesTheChart() throws Exception {
        Path chart = render("9122");
        Path archive = ChartOutput.in(dir.resolve("out")).archive(chart);
        ChartOutput output = ChartOutput.in(dir.resolve("out"));
        output.recordLinted();
        Files.writeString(archive, "archive");
        output.recordPackaged("2026-01-01T00:00:00Z");

        ChartOutput next = ChartOutput.in(dir.resolve("out"));
        assertTrue(next.linted(chart));
        assertFalse(next.linted(dir.resolve("out/another-chart")), "another chart directory");
        assertTrue(next.packaged(archive, "2026-01-01T00:00:00Z"));
        assertFalse(next.packaged(archive, "2026-01-02T00:00:00Z"), "another timestamp");
        Files.delete(archive);
        assertFalse(next.packaged(archive, "2026-01-01T00:00:00Z"), "archive deleted");
        Files.writeString(archive, "archive");

        render("9123");
        ChartOutput rendered = ChartOutput.in(dir.resolve("out"));
        assertFalse(rendered.linted(chart), "a new render is linted again");
        assertFalse(rendered.packaged(archive, "2026-01-01T00:00:00Z"), "a new render is packaged again");
    }
}

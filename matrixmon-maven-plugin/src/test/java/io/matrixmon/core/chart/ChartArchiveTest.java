package io.matrixmon.core.chart;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import io.matrixmon.core.render.Charts;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartArchiveTest {

    private static final Instant TIME = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;

    @Test
    void theSameChartGivesTheSameBytesWhateverTheFileTimes() throws Exception {
        Path chart = Charts.defaultChart();
        Path first = ChartArchive.write(chart, "matrix-monitoring", TIME, dir.resolve("a.tgz"));
        try (var files = Files.walk(chart)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
            }
        }
        Path second = ChartArchive.write(chart, "matrix-monitoring", TIME, dir.resolve("b.tgz"));
        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));
        Path later = ChartArchive.write(chart, "matrix-monitoring", TIME.plusSeconds(1), dir.resolve("c.tgz"));
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(first), Files.readAllBytes(later)),
                "the output timestamp is in the archive");
    }

    @Test
    void helmLayoutWithChartYamlFirstAndFixedEntryMetadata() throws Exception {
        Path archive = ChartArchive.write(Charts.defaultChart(), "matrix-monitoring", TIME, dir.resolve("c.tgz"));
        List<TarArchiveEntry> entries = new ArrayList<>();
        try (InputStream in = new TarArchiveInputStream(new GzipCompressorInputStream(Files.newInputStream(archive)))) {
            TarArchiveInputStream tar = (TarArchiveInputStream) in;
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                entries.add(entry);
            }
        }
        assertEquals("matrix-monitoring/Chart.yaml", entries.get(0).getName());
        List<String> rest = entries.subList(1, entries.size()).stream().map(TarArchiveEntry::getName).toList();
        assertEquals(rest.stream().sorted().toList(), rest);
        assertTrue(rest.contains("matrix-monitoring/values.schema.json"));
        for (TarArchiveEntry entry : entries) {
            assertEquals(TIME, entry.getModTime().toInstant(), entry.getName());
            assertEquals(0100644, entry.getMode(), entry.getName());
            assertEquals(0, entry.getLongUserId());
            assertEquals("", entry.getUserName());
        }
    }

    @Test
    void longAndNonAsciiPathsReadBackAsWritten() throws Exception {
        Path chart = Files.createDirectories(dir.resolve("c"));
        Files.writeString(chart.resolve("Chart.yaml"), "apiVersion: v2\nname: c\nversion: 1.0.0\n");
        String deep = "templates/" + "d".repeat(90) + "/" + "e".repeat(60) + ".yaml"; // needs ustar's prefix
        String wide = "templates/" + "w".repeat(120) + ".yaml";                     // needs a PAX record
        String accented = "files/caf\u00e9-\u2603.txt";
        for (String file : List.of(deep, wide, accented)) {
            Files.createDirectories(chart.resolve(file).getParent());
            Files.writeString(chart.resolve(file), "# " + "x".repeat(700) + file + "\n");
        }
        Path archive = ChartArchive.write(chart, "c", TIME, dir.resolve("c.tgz"));
        byte[] bytes = Files.readAllBytes(archive);
        assertArrayEquals(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 2, 3}, java.util.Arrays.copyOf(bytes, 10),
                "gzip header: deflate, no time, Unix");
        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(
                Files.newInputStream(archive)), "UTF-8")) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                names.add(entry.getName());
                String name = entry.getName().substring("c/".length());
                assertEquals(Files.readString(chart.resolve(name)), new String(tar.readAllBytes(),
                        java.nio.charset.StandardCharsets.UTF_8), name);
                assertEquals(TIME, entry.getModTime().toInstant(), name);
            }
        }
        assertEquals(List.of("c/Chart.yaml", "c/" + accented, "c/" + deep, "c/" + wide), names);
        // and Go's tar reader, inside Helm, takes the same headers
        String manifests = new Helm(archive).template().withName("c").call();
        assertTrue(manifests.contains("# Source: c/" + deep) && manifests.contains("# Source: c/" + wide), manifests);
    }

    @Test
    void helmInstallsTheArchiveWithDefaultsAndOverridesAndRejectsUnknownKeys() throws Exception {
        Path archive = ChartArchive.write(Charts.defaultChart(), "matrix-monitoring", TIME,
                dir.resolve("matrix-monitoring-1.2.3-SNAPSHOT.tgz"));
        Release release = Helm.install(archive.toString()).withName("mon").withNamespace("monitoring")
                .dryRun().withDryRunOption(DryRun.CLIENT).clientOnly().call();
        assertTrue(release.getOutput().contains("Prometheus picks these resources up"), release.getOutput());
        Release tuned = Helm.install(archive.toString()).withName("mon").withNamespace("monitoring")
                .set("redis.enabled", false).set("alerts.SynapseHighCPU.threshold", "0.9")
                .dryRun().withDryRunOption(DryRun.CLIENT).clientOnly().call();
        assertEquals("mon", tuned.getName());
        IllegalStateException unknown = assertThrows(IllegalStateException.class,
                () -> Helm.install(archive.toString()).withName("mon").withNamespace("monitoring").set("nosuchkey", 1)
                        .dryRun().withDryRunOption(DryRun.CLIENT).clientOnly().call());
        assertTrue(unknown.getMessage().contains("nosuchkey"), unknown.getMessage());
    }

    @Test
    void outputTimestampFollowsMaven() {
        assertEquals(Instant.parse("2026-01-01T00:00:00Z"), ChartArchive.outputTime("2026-01-01T00:00:00Z"));
        assertEquals(Instant.parse("2026-01-01T00:00:00Z"), ChartArchive.outputTime("2026-01-01T01:00:00+01:00"));
        assertEquals(Instant.ofEpochSecond(1767225600), ChartArchive.outputTime("1767225600"));
        assertEquals(ChartArchive.DEFAULT_TIME, ChartArchive.outputTime(null));
        assertEquals(ChartArchive.DEFAULT_TIME, ChartArchive.outputTime("a"));
        assertThrows(IllegalArgumentException.class, () -> ChartArchive.outputTime("yesterday"));
    }
}

package io.matrixmon.core.chart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes a chart directory as a Helm chart archive, byte for byte the same for the same chart:
 * {@code <name>/Chart.yaml} first, the other files sorted by path, every entry with the same
 * time, mode 0644, owner 0 and no user or group name, and a gzip header without a time.
 * (Helm's own packager stamps the current time on each entry.)
 */
public final class ChartArchive {

    /** Used when the build sets no project.build.outputTimestamp: the earliest time a zip can hold. */
    public static final Instant DEFAULT_TIME = Instant.parse("1980-01-01T00:00:02Z");

    private ChartArchive() {
    }

    /**
     * Parses Maven's {@code project.build.outputTimestamp}: ISO-8601 with offset, or seconds since
     * the epoch; null, empty or a single character (Maven's "disabled") give {@link #DEFAULT_TIME}.
     */
    public static Instant outputTime(String outputTimestamp) {
        if (outputTimestamp == null || outputTimestamp.strip().length() < 2) {
            return DEFAULT_TIME;
        }
        String text = outputTimestamp.strip();
        if (text.matches("[0-9]+")) {
            return Instant.ofEpochSecond(Long.parseLong(text));
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("project.build.outputTimestamp '" + text + "' is neither ISO-8601"
                    + " (2026-01-01T00:00:00Z) nor seconds since the epoch", e);
        }
    }

    /** Writes {@code <target>} atomically; returns it. */
    public static Path write(Path chartDirectory, String chartName, Instant time, Path target) throws IOException {
        List<String> files = files(chartDirectory);
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path temporary = Files.createTempFile(target.toAbsolutePath().getParent(), ".chart", ".tgz.tmp");
        try {
            try (TarGzWriter archive = new TarGzWriter(Files.newOutputStream(temporary))) {
                for (String relative : files) {
                    archive.add(chartName + "/" + relative, Files.readAllBytes(chartDirectory.resolve(relative)),
                            time.getEpochSecond());
                }
            }
            Permissions.readableByAll(temporary, false);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Chart.yaml, then every other regular file, sorted by '/'-separated path. */
    static List<String> files(Path chartDirectory) throws IOException {
        List<String> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(chartDirectory)) {
            walk.filter(Files::isRegularFile)
                    .map(path -> chartDirectory.relativize(path).toString().replace('\\', '/'))
                    .filter(path -> !path.equals("Chart.yaml"))
                    .sorted()
                    .forEach(files::add);
        }
        if (!Files.isRegularFile(chartDirectory.resolve("Chart.yaml"))) {
            throw new IOException(chartDirectory + " has no Chart.yaml");
        }
        files.add(0, "Chart.yaml");
        return files;
    }
}

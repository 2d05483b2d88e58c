package io.matrixmon.core.chart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes a chart directory so that it is always either the complete previous chart or the
 * complete new one: files go to a sibling staging directory, which then replaces the old one
 * by rename. Files of components that were removed do not linger.
 */
public final class ChartDirectory {

    private ChartDirectory() {
    }

    public static void replace(Path chartDir, Map<String, String> files) throws IOException {
        Path parent = chartDir.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        String name = chartDir.getFileName().toString();
        Path previous = parent.resolve("." + name + ".previous");
        recover(chartDir, previous);
        Path staging = Files.createTempDirectory(parent, "." + name + ".staging-");
        Permissions.readableByAll(staging, true);
        try {
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path target = staging.resolve(file.getKey()).normalize();
                if (!target.startsWith(staging)) {
                    throw new IOException("Refusing to write outside the chart: " + file.getKey());
                }
                Files.createDirectories(target.getParent());
                Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
            }
            if (Files.exists(chartDir)) {
                move(chartDir, previous);
            }
            move(staging, chartDir);
            deleteTree(previous);
        } finally {
            deleteTree(staging);
        }
    }

    /** Writes one file by rename, so that readers see the old or the new content, never a part. */
    public static Path writeAtomically(Path file, String content) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temporary = Files.createTempFile(parent, "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(temporary, content, StandardCharsets.UTF_8);
            Permissions.readableByAll(temporary, false);
            move(temporary, file);
        } finally {
            Files.deleteIfExists(temporary);
        }
        return file;
    }

    /** An earlier run stopped between its two renames: put the previous chart back. */
    private static void recover(Path chartDir, Path previous) throws IOException {
        if (Files.exists(previous)) {
            if (Files.exists(chartDir)) {
                deleteTree(previous);
            } else {
                move(previous, chartDir);
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    /** Deletes a directory tree if it exists. */
    public static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + root, e);
        }
    }
}

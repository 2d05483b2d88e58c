package io.matrixmon.core.render;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What the last build produced and from which inputs, so an unchanged build can reuse the chart
 * (and its lint result) instead of rendering again. Stored next to the chart directory; what it
 * holds is {@link ChartOutput}'s to name.
 */
final class BuildState {

    private static final String FILE = ".matrixmon-state.properties";

    private final Path file;
    private final Properties properties = new Properties();

    private BuildState(Path outputDirectory) {
        this.file = outputDirectory.resolve(FILE);
    }

    static BuildState in(Path outputDirectory) {
        BuildState state = new BuildState(outputDirectory);
        if (Files.isRegularFile(state.file)) {
            try (Reader in = Files.newBufferedReader(state.file, StandardCharsets.UTF_8)) {
                state.properties.load(in);
            } catch (IOException | IllegalArgumentException e) {
                state.properties.clear();
            }
        }
        return state;
    }

    /** A hex SHA-256 over named inputs, independent of the order they are given in. */
    static String fingerprint(Map<String, byte[]> inputs) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, byte[]> input : new TreeMap<>(inputs).entrySet()) {
                digest.update(input.getKey().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(Integer.toString(input.getValue().length).getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(input.getValue());
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    String get(String key) {
        return properties.getProperty(key);
    }

    /** Records values and writes the file (atomically: a torn state file only costs a rebuild). */
    void put(Map<String, String> values) throws IOException {
        values.forEach(properties::setProperty);
        Files.createDirectories(file.getParent());
        Path temporary = Files.createTempFile(file.getParent(), FILE, ".tmp");
        try (Writer out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
            properties.store(out, "matrixmon build state: delete to force a rebuild");
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Forgets the state (before a render that may fail half-way). */
    void clear() throws IOException {
        properties.clear();
        Files.deleteIfExists(file);
    }
}

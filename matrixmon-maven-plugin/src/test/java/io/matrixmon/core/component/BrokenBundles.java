package io.matrixmon.core.component;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Test helper: the throw-away bundle with one mistake written into one of its files. */
final class BrokenBundles {

    private BrokenBundles() {
    }

    /** A copy of the throw-away bundle in {@code dir}/valkey with one file's text replaced. */
    static Path copy(Path dir, String file, String from, String to) throws IOException {
        Path copy = Files.createDirectories(dir.resolve("valkey"));
        try (Stream<Path> files = Files.list(Bundles.THROWAWAY)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Files.copy(source, copy.resolve(source.getFileName()));
            }
        }
        Path changed = copy.resolve(file);
        String text = Files.readString(changed);
        assertTrue(text.contains(from), from);
        Files.writeString(changed, text.replace(from, to));
        return copy;
    }
}

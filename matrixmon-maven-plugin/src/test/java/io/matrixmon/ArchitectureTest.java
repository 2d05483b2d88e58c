package io.matrixmon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The core has no Maven types: it is plain Java, testable and reusable without a build. */
class ArchitectureTest {

    @Test
    void coreImportsNothingFromMaven() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/main/java/io/matrixmon/core"))) {
            List<Path> offenders = files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> read(file).contains("import org.apache.maven")).toList();
            assertEquals(List.of(), offenders);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

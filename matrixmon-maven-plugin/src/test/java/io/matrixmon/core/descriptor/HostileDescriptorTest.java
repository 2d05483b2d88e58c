package io.matrixmon.core.descriptor;

import io.matrixmon.core.TestThreads;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.matrixmon.core.render.ChartGenerator;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hostile-input corpus: every file in src/test/resources/hostile/ must fail with exactly
 * the problems in its .expected file (file:line:column: field: what was expected), and must
 * leave the previously rendered chart as it was.
 */
class HostileDescriptorTest {

    private static final Path CORPUS = corpus();

    @TempDir
    static Path out;

    static Stream<String> cases() throws IOException {
        try (Stream<Path> files = Files.list(CORPUS)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".yaml"))
                    .map(name -> name.substring(0, name.length() - ".yaml".length())).sorted().toList().stream();
        }
    }

    /** The chart every case must leave as it is, rendered once: a case that fails renders nothing. */
    private static Path chart;
    private static Map<String, String> before;

    @BeforeAll
    static void renderTheDefaultChart() throws Exception {
        chart = new ChartGenerator(TestThreads.SHARED).generate(request(null)).chartDirectory();
        before = files(chart);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void failsWithTheExpectedProblemsAndKeepsThePreviousChart(String name) throws Exception {
        DescriptorException error = assertThrows(DescriptorException.class,
                () -> new ChartGenerator(TestThreads.SHARED).generate(request(CORPUS.resolve(name + ".yaml"))));
        String actual = error.problems().stream().map(Problem::toString).collect(Collectors.joining("\n"));
        assertEquals(Files.readString(CORPUS.resolve(name + ".expected"), StandardCharsets.UTF_8).strip(), actual);
        assertEquals(before, files(chart), "the previous chart is intact");
    }

    /** Every file of the chart directory by its relative path, with its text. */
    private static Map<String, String> files(Path directory) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(directory.relativize(file).toString(), new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            }
        }
        return files;
    }

    @Test
    void theCorpusIsLargeEnough() throws IOException {
        assertTrue(cases().count() + 22 >= 40, "at least 40 hostile cases in all, so that a shrinking corpus leaves no kind of mistake untried");
    }

    @Test
    void aHugeDocumentIsRefusedBeforeParsing(@TempDir Path dir) throws IOException {
        Path huge = dir.resolve("huge.yaml");
        StringBuilder text = new StringBuilder("chart:\n  keywords:\n");
        for (int i = 0; text.length() <= YamlDocuments.MAX_BYTES; i++) {
            text.append("    - k").append(i).append('\n');
        }
        Files.writeString(huge, text);
        DescriptorException error = assertThrows(DescriptorException.class,
                () -> new DescriptorLoader().load(huge, "huge.yaml"));
        assertEquals(List.of("huge.yaml: is larger than 1024 KiB; a deployment descriptor is a few KiB"),
                error.problems().stream().map(Problem::toString).toList());
    }

    private static ChartGenerator.Request request(Path descriptor) {
        String display = descriptor == null ? "default" : "hostile/" + descriptor.getFileName();
        return new ChartGenerator.Request(descriptor, display, out.resolve("none"), out.resolve("charts"),
                "1.0.0", "test", "");
    }

    private static Path corpus() {
        try {
            return Path.of(HostileDescriptorTest.class.getResource("/hostile").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}

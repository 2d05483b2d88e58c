package io.matrixmon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The core has no Maven types: it is plain Java, testable and reusable without a build. Its
 * packages depend on each other in one direction only, so each can be read without the others.
 */
class ArchitectureTest {

    private static final Path CORE = Path.of("src/main/java/io/matrixmon/core");
    private static final Pattern CORE_IMPORT = Pattern.compile("(?m)^import (?:static )?io\\.matrixmon\\.core\\.(\\w+)\\.");

    @Test
    void coreImportsNothingFromMaven() throws IOException {
        try (Stream<Path> files = Files.walk(CORE)) {
            List<Path> offenders = files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> read(file).contains("import org.apache.maven")).toList();
            assertEquals(List.of(), offenders);
        }
    }

    @Test
    void corePackagesFormNoCycle() throws IOException {
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(CORE)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
                String own = CORE.relativize(file).getName(0).toString();
                Set<String> used = uses.computeIfAbsent(own, p -> new TreeSet<>());
                Matcher imported = CORE_IMPORT.matcher(read(file));
                while (imported.find()) {
                    if (!imported.group(1).equals(own)) {
                        used.add(imported.group(1));
                    }
                }
            }
        }
        List<String> cycles = new ArrayList<>();
        for (String start : uses.keySet()) {
            List<String> path = cycleThrough(start, start, uses, new ArrayList<>(List.of(start)));
            if (path != null) {
                cycles.add(String.join(" -> ", path));
            }
        }
        assertEquals(List.of(), cycles, "package dependencies: " + uses);
    }

    /** A path of dependencies from {@code at} back to {@code start}, or null. */
    private static List<String> cycleThrough(String start, String at, Map<String, Set<String>> uses, List<String> path) {
        for (String next : uses.getOrDefault(at, Set.of())) {
            if (next.equals(start)) {
                List<String> cycle = new ArrayList<>(path);
                cycle.add(start);
                return cycle;
            }
            if (!path.contains(next)) {
                path.add(next);
                List<String> found = cycleThrough(start, next, uses, path);
                if (found != null) {
                    return found;
                }
                path.remove(path.size() - 1);
            }
        }
        return null;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

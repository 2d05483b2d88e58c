package io.matrixmon.core.component;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.matrixmon.core.lint.Manifest;
import io.matrixmon.core.rules.RuleTestGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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

    /** The throw-away component's PrometheusRule with these groups: the generator reads its fixtures against it. */
    static List<Manifest> valkeyRules(List<Map<String, Object>> groups) {
        return List.of(new Manifest("rules/valkey.yaml", Map.of("kind", "PrometheusRule",
                "metadata", Map.of("labels", Map.of("app.kubernetes.io/component", "valkey")),
                "spec", Map.of("groups", groups))));
    }

    /** The rule-test generator's message for the bundle, its rule-tests.yaml named FILE. */
    static String generatorError(Path bundle, List<Manifest> rules, Map<String, Object> values) {
        RuleTestGenerator generator = new RuleTestGenerator(Components.embedded().plus(bundle,
                Bundles.THROWAWAY_RUNBOOKS));
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> generator.generate(rules, values));
        return error.getMessage().replace(bundle.resolve("rule-tests.yaml").toString(), "FILE");
    }
}

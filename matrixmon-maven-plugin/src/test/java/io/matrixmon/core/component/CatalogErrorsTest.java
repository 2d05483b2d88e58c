package io.matrixmon.core.component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.matrixmon.core.lint.MetricCatalog;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A mistake in a bundle's catalog.yaml fails with its file, line, column, field and what was expected. */
class CatalogErrorsTest {

    @TempDir
    Path dir;

    /** The message of the catalogs after one change to the throw-away bundle's, with its path as FILE. */
    private String error(String from, String to) throws IOException {
        Path bundle = BrokenBundles.copy(dir, "catalog.yaml", from, to);
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> MetricCatalog.of(Components.embedded().plus(bundle, Bundles.THROWAWAY_RUNBOOKS)));
        return error.getMessage().replace(bundle.resolve("catalog.yaml").toString(), "FILE");
    }

    @Test
    void aValueOfTheWrongType() throws Exception {
        assertEquals("Invalid metric catalog FILE:4:10: version: expected a version, got the number 1.45"
                + " (quote it to make it a string)", error("version: v1.45.0", "version: 1.45"));
    }

    @Test
    void aMetricOfAnUnknownType() throws Exception {
        assertEquals("Invalid metric catalog FILE:11:50: metrics[4].type: expected counter, gauge, histogram or"
                + " summary, got the string \"Counter\"", error("type: counter", "type: Counter"));
    }

    @Test
    void anUnknownKey() throws Exception {
        assertEquals("Invalid metric catalog (2 problems):\n"
                + "  FILE:8:90: metrics[1].halp: unknown key 'halp' (did you mean 'help'?); expected one of: name,"
                + " type, labels, file, help\n"
                + "  FILE:8:5: metrics[1]: missing required key 'help'",
                error("help: used_memory}", "halp: used_memory}"));
    }

    @Test
    void aMissingKey() throws Exception {
        assertEquals("Invalid metric catalog FILE:2:1: missing required key 'source'",
                error("source: https://github.com/oliver006/redis_exporter (exporter/exporter.go, exporter/info.go)\n",
                        ""));
    }

    @Test
    void badYaml() throws Exception {
        assertEquals("Invalid metric catalog FILE:9:5: YAML syntax error: while parsing a flow mapping (started at"
                + " line 8, column 5): expected ',' or '}', but got {",
                error("help: used_memory}", "help: used_memory"));
    }
}

package io.matrixmon.core.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.matrixmon.core.render.Charts;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The rules follow the per-cluster and LI-feed choices of the values (descriptor
 * postgresql.clusters.&lt;name&gt;.backupsExpected and instances, syncSystem.liFeed): hand-written
 * promtool tests (scenarios/*.yaml) of the states a bundle's single failing/healthy fixture cannot
 * show, run against the chart's rules rendered with those values.
 */
class DescriptorChoicesIT {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "backups-default     |",
        "backups-li-expected | postgresql.clusters.matrix-postgresql-li.backupsExpected=true",
        "backups-barman-cloud-plugin |",
        "li-logical          | syncSystem.liFeed.mode=logical",
        "media-sync          |",
        "federation-stalled  |",
    })
    void scenarioPasses(String scenario, String set) throws Exception {
        Map<String, Object> sets = set == null ? Map.of() : Map.of(set.split("=")[0], set.split("=")[1]);
        Files.writeString(dir.resolve("rules.yaml"), rules(sets));
        try (InputStream in = DescriptorChoicesIT.class.getResourceAsStream("scenarios/" + scenario + ".yaml")) {
            Files.write(dir.resolve("tests.yaml"), in.readAllBytes());
        }
        PromtoolAlertTestsIT.Result result = PromtoolAlertTestsIT.promtool(dir, "test", "rules", "tests.yaml");
        assertEquals(0, result.exit(), result.output());
    }

    /** A cluster of one instance has no replica to stream to: no rule for it, none at all without such clusters. */
    @Test
    void replicasNotStreamingOnlyForClustersOfSeveralInstances() throws Exception {
        String rules = rules(Map.of("postgresql.clusters.matrix-postgresql-li.instances", "1"));
        assertTrue(rules.contains("application_name=~\"matrix-postgresql-[0-9]+\""), rules);
        assertFalse(rules.contains("application_name=~\"matrix-postgresql-li-[0-9]+\""), rules);
        assertTrue(rules.contains(") < 2"), rules);
        String single = rules(Map.of("postgresql.clusters.matrix-postgresql-li.instances", "1",
                "postgresql.clusters.matrix-postgresql.instances", "1"));
        assertFalse(single.contains("alert: PostgreSQLReplicasNotStreaming"), single);
        assertTrue(single.contains("alert: PostgreSQLPVCSpaceLow"), single);
    }

    /** The rules of the default chart with --set values; the generated tests are not used. */
    private static String rules(Map<String, Object> sets) throws IOException {
        return new RuleTestGenerator().generate(Charts.template(Charts.defaultChart(), sets),
                PromtoolAlertTestsIT.effectiveValues(sets)).rules();
    }
}

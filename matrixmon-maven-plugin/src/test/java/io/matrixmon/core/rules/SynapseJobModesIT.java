package io.matrixmon.core.rules;

import static io.matrixmon.core.render.Charts.at;
import static io.matrixmon.core.render.Charts.find;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.matrixmon.core.component.Bundles;
import io.matrixmon.core.component.Components;
import io.matrixmon.core.lint.Manifest;
import io.matrixmon.core.render.Charts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

/**
 * Both job modes of the Synapse targets: with synapseWorkers.jobLabel matrixmon every process has
 * job synapse, with synapse each worker has its app as job (Synapse's own dashboard selects on it).
 * The same rules, recording rules included, pass every generated promtool test in both.
 */
class SynapseJobModesIT {

    private static final Map<String, String> APPS = Map.of("synchrotron", "synchrotron",
            "generic-worker", "generic_worker", "media-repository", "media_repository",
            "event-persister", "event_persister", "federation-sender", "federation_sender");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"matrixmon", "synapse"})
    void theRulesPassTheirTestsInBothJobModes(String mode) throws Exception {
        Path out = Files.createDirectories(dir.resolve(mode));
        Path chart = Charts.render("synapseWorkers:\n  jobLabel: " + mode + "\n", out);
        List<Manifest> manifests = Charts.template(chart, Charts.EVERY_ALERT);
        APPS.forEach((type, app) -> {
            Manifest monitor = find(manifests, "ServiceMonitor", "mon-matrix-monitoring-synapse-worker-" + type);
            assertEquals(Map.of("action", "replace", "targetLabel", "job", "replacement",
                    mode.equals("synapse") ? app : "synapse"), at(monitor, "spec.endpoints.0.relabelings.0"), type);
        });
        assertEquals(Map.of("action", "replace", "targetLabel", "job", "replacement", "synapse"),
                at(find(manifests, "ServiceMonitor", "mon-matrix-monitoring-synapse"), "spec.endpoints.0.relabelings.0"),
                "the main process keeps services.synapse.job");

        Map<String, Object> values = new Yaml().load(Files.readString(chart.resolve("values.yaml")));
        // Only the files that differ from the shared suite's (the Synapse ones in synapse mode) run again.
        PromtoolSuite.Run suite = PromtoolSuite.variant(out, manifests, values, Components.embedded());
        assertEquals(0, suite.exit(), suite.report());
        assertEquals(mode.equals("synapse"), suite.ran().stream().anyMatch(file -> SplitFiles.isOf("synapse", file)),
                suite.report());
        RuleTestGenerator.Files files = suite.files();
        assertEquals(Bundles.allAlerts(Components.embedded()).size(), files.alertsTested());
        assertEquals(List.of(), files.untested());
        // The fixtures' series follow the mode: the workers' jobs are the apps only in synapse mode.
        assertEquals(mode.equals("synapse"), files.tests().contains("job=\"generic_worker\""), mode);
    }
}

package io.matrixmon.core.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.matrixmon.core.helm.HelmCharts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rendered manifests mean the same to every tool that reads them: Python's and go-yaml v2's
 * YAML 1.1 readers as well as strict YAML 1.2 readers. A scalar like {@code =} or {@code yes}
 * left unquoted is a string to one and something else (or an error) to the other.
 */
class PortableYamlTest {

    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

    @Test
    void everyDocumentOfTheAllOnRenderReadsTheSameInYaml11AndYaml12(@TempDir Path scratch) throws Exception {
        Path allOn = HelmCharts.copyAllEnabled(Charts.defaultChart(), scratch);
        // Receivers too: their values pass through Helm's toYaml.
        Map<String, Object> sets = new LinkedHashMap<>(Charts.EVERY_ALERT);
        sets.put("alertRouting.receivers.critical.webhookConfigs[0].url", "https://hooks.example.com/critical");
        sets.put("alertRouting.receivers.warning.slackConfigs[0].apiURL.name", "slack");
        sets.put("alertRouting.receivers.warning.slackConfigs[0].apiURL.key", "webhook-url");
        sets.put("alertRouting.receivers.warning.slackConfigs[0].channel", "#matrix-alerts");
        String rendered = HelmCharts.template(allOn, "mon", "monitoring", sets);
        assertTrue(rendered.contains("slackConfigs:"), "the receivers are not rendered");
        List<String> problems = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        String[] documents = DOCUMENT_SEPARATOR.split(rendered);
        for (int i = 0; i < documents.length; i++) {
            String document = documents[i];
            String source = document.lines().filter(line -> line.startsWith("# Source: ")).findFirst()
                    .map(line -> line.substring("# Source: ".length())).orElse(null);
            if (source == null) {
                assertTrue(document.isBlank(), "document " + (i + 1) + " has no # Source line:\n" + document);
                continue;
            }
            document.lines().filter(line -> line.startsWith("kind: ")).forEach(kinds::add);
            for (String difference : YamlReaders.differences(document)) {
                problems.add(source + " (document " + (i + 1) + " of helm template's output): " + difference);
            }
        }
        // The all-on render holds every kind of object the chart can render, the routing included.
        assertEquals(List.of("kind: AlertmanagerConfig", "kind: ConfigMap", "kind: PodMonitor", "kind: PrometheusRule",
                "kind: ServiceMonitor"), kinds.stream().distinct().sorted().toList());
        assertTrue(problems.isEmpty(), () -> problems.size()
                + " places that YAML 1.1 and YAML 1.2 readers read differently:\n" + String.join("\n", problems));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Chart.yaml", "values.yaml"})
    void theChartsOwnYamlFilesReadTheSameInYaml11AndYaml12(String file) throws Exception {
        String text = Files.readString(Charts.defaultChart().resolve(file));
        assertEquals(List.of(), YamlReaders.differences(text), file);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "matchType: =",
        "enabled: yes",
        "enabled: off",
        "enabled: y",
        "window: 1:30",
        "mode: 0644",
        "size: 1_000",
        "base: &base {a: 1}\nderived:\n  <<: *base",
        "name: a\nname: b",
    })
    void scalarsAndKeysThatTheTwoVersionsReadDifferentlyAreFound(String document) {
        assertFalse(YamlReaders.differences(document).isEmpty(), document);
    }

    @Test
    void quotedAndCoreSchemaScalarsReadAlike() {
        assertEquals(List.of(), YamlReaders.differences("""
                matchType: "="
                enabled: "yes"
                flag: true
                nothing: null
                port: 9090
                ratio: 0.05
                mode: "0644"
                list: [a, "on", 1]
                """));
    }
}

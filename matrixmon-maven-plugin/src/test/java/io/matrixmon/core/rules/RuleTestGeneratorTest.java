package io.matrixmon.core.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.matrixmon.core.component.Bundles;
import io.matrixmon.core.component.Components;
import io.matrixmon.core.lint.Manifest;
import io.matrixmon.core.render.Charts;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The shape of the generated tests; PromtoolAlertTestsIT has promtool run them. */
class RuleTestGeneratorTest {

    private static final List<Manifest> MANIFESTS = Charts.template(Charts.defaultChart(), Map.of());

    @SuppressWarnings("unchecked")
    private static List<String> testNames(Map<String, Object> values) {
        String tests = new RuleTestGenerator().generate(MANIFESTS, values).tests();
        return ((List<Map<String, Object>>) new Yaml().<Map<String, Object>>load(tests).get("tests")).stream()
                .map(test -> (String) test.get("name")).toList();
    }

    private static Map<String, Object> defaults() throws Exception {
        return new Yaml().load(Files.readString(Charts.defaultChart().resolve("values.yaml")));
    }

    @Test
    void everyAlertFiresIsSilentWhenHealthyAndEveryDownAlertFiresWhenItsTargetIsGone() throws Exception {
        RuleTestGenerator.Files files = new RuleTestGenerator().generate(MANIFESTS, defaults());
        int declared = Bundles.allAlerts(Components.embedded()).size();
        assertEquals(declared, files.alertsTested());
        assertEquals(List.of(), files.untested());
        List<String> names = testNames(defaults());
        List<String> alerts = names.stream().filter(name -> name.contains(" fires after ")).map(n -> n.split(" ")[0])
                .toList();
        assertEquals(declared, alerts.size(), names::toString);
        List<Map<?, ?>> rules = MANIFESTS.stream().filter(m -> m.kind().equals("PrometheusRule"))
                .flatMap(m -> ((List<?>) Charts.at(m, "spec.groups")).stream())
                .flatMap(group -> ((List<?>) Charts.at(group, "rules")).stream()).<Map<?, ?>>map(rule -> (Map<?, ?>) rule)
                .toList();
        // A down alert is one that also fires through absent(): when its target has vanished.
        List<String> absentAlerts = rules.stream().filter(rule -> String.valueOf(rule.get("expr")).contains("absent("))
                .map(rule -> (String) rule.get("alert")).toList();
        for (String alert : alerts) {
            assertTrue(names.contains(alert + " stays silent on healthy series"), alert);
            assertEquals(absentAlerts.contains(alert), names.contains(alert
                    + " fires when the target is gone from discovery"), alert);
        }
        long records = rules.stream().filter(rule -> rule.containsKey("record")).count();
        assertEquals(records, names.stream().filter(name -> name.endsWith(" records the expected samples")).count());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aChangedThresholdChangesTheTests() throws Exception {
        Map<String, Object> tuned = defaults();
        ((Map<String, Object>) ((Map<String, Object>) tuned.get("alerts")).get("SynapseHighMemory"))
                .put("threshold", 8_000_000_000L);
        assertNotEquals(new RuleTestGenerator().generate(MANIFESTS, defaults()).tests(),
                new RuleTestGenerator().generate(MANIFESTS, tuned).tests());
    }
}

package io.matrixmon.core.component;

import static io.matrixmon.core.render.Charts.at;
import static io.matrixmon.core.render.Charts.find;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.matrixmon.core.descriptor.DescriptorException;
import io.matrixmon.core.descriptor.DescriptorLoader;
import io.matrixmon.core.helm.HelmCharts;
import io.matrixmon.core.lint.Manifest;
import io.matrixmon.core.render.Charts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bundle folder added next to the shipped ones (the throw-away copy of the redis bundle in test
 * resources, renamed valkey) is a new component of the chart: its ServiceMonitor, its rules, its
 * dashboard, its values with the threshold's unit, its descriptor keys and its alert routing.
 */
class NewComponentTest {

    @TempDir
    static Path dir;

    private static final Components COMPONENTS = Bundles.withThrowaway();
    private static Path chart;

    private static synchronized Path chart() throws Exception {
        if (chart == null) {
            chart = Charts.render(null, Files.createTempDirectory(dir, "valkey"), COMPONENTS);
        }
        return chart;
    }

    @Test
    void theChartGainsTheComponentsFilesAndNothingElseChanges() throws Exception {
        Path shipped = Charts.defaultChart();
        List<String> added = files(chart()).stream().filter(file -> !files(shipped).contains(file)).toList();
        assertEquals(List.of("files/dashboards/valkey.json", "templates/rules/valkey.yaml",
                "templates/servicemonitors/valkey.yaml"), added);
        assertTrue(files(chart()).containsAll(files(shipped)));
        assertEquals(Files.readString(shipped.resolve("templates/rules/redis.yaml")),
                Files.readString(chart().resolve("templates/rules/redis.yaml")));
    }

    @Test
    void itsMonitorRulesDashboardAndRoutingRender() throws Exception {
        List<Manifest> manifests = Charts.template(chart(), Map.of("alertRouting.enabled", true));
        Manifest monitor = find(manifests, "ServiceMonitor", "mon-matrix-monitoring-valkey");
        assertEquals(9121, at(monitor, "spec.endpoints.0.targetPort"));
        assertEquals(Map.of("action", "replace", "targetLabel", "job", "replacement", "valkey"),
                at(monitor, "spec.endpoints.0.relabelings.0"));
        Manifest rules = find(manifests, "PrometheusRule", "mon-matrix-monitoring-valkey");
        assertEquals("valkey", ((Map<?, ?>) at(rules, "metadata.labels")).get("app.kubernetes.io/component"));
        List<?> alerts = (List<?>) at(rules, "spec.groups.1.rules");
        assertEquals(List.of("ValkeyDown", "ValkeyHighMemoryUsage"), alerts.stream()
                .map(rule -> ((Map<?, ?>) rule).get("alert")).toList());
        assertEquals("valkey", at(alerts.get(0), "labels.component"));
        assertTrue(((String) at(alerts.get(1), "expr")).endsWith("> 0.9"));
        find(manifests, "ConfigMap", "mon-matrix-monitoring-dashboard-valkey");
        Manifest routing = manifests.stream().filter(m -> m.kind().equals("AlertmanagerConfig")).findFirst()
                .orElseThrow();
        assertTrue(Pattern.compile((String) at(routing, "spec.route.matchers.0.value")).matcher("valkey").matches());
        assertEquals(List.of(), HelmCharts.lint(chart()).getMessages().stream()
                .filter(message -> message.startsWith("[ERROR]") || message.startsWith("[WARNING]")).toList());
    }

    @Test
    void itsValuesStateTheThresholdsUnitAndItCanBeSwitchedOff() throws Exception {
        String values = Files.readString(chart().resolve("values.yaml"));
        assertTrue(values.contains("## -- Valkey (redis_exporter sidecar) (ServiceMonitor).\nvalkey:\n"), values);
        assertTrue(values.contains("  ValkeyHighMemoryUsage:\n"), values);
        assertTrue(values.contains("Threshold of the alert's condition: a fraction between 0 and 1 (e.g. 0.8 for 80%)"),
                values);
        assertTrue(Files.readString(chart().resolve("README.md")).contains(
                "| `alerts.ValkeyHighMemoryUsage.threshold` | number | `0.9` | Threshold of the alert's condition:"
                        + " a fraction between 0 and 1 (e.g. 0.8 for 80%)"));
        List<Manifest> off = Charts.template(chart(), Map.of("valkey.enabled", false));
        assertTrue(off.stream().noneMatch(m -> m.name().equals("mon-matrix-monitoring-valkey")));
    }

    @Test
    void theDescriptorKnowsItsKeysAndTheThresholdsRange() throws Exception {
        DescriptorLoader loader = new DescriptorLoader(COMPONENTS);
        var deployment = loader.load("services:\n  valkey:\n    port: 9122\nalerts:\n  ValkeyHighMemoryUsage:\n"
                + "    threshold: 0.7\ngrafana:\n  dashboards:\n    exclude: [valkey]\n", "matrixmon.yaml");
        assertEquals(9122L, ((Map<?, ?>) deployment.section("services").get("valkey")).get("port"));
        assertEquals(0.7, ((Map<?, ?>) deployment.section("alerts").get("ValkeyHighMemoryUsage")).get("threshold"));
        DescriptorException error = assertThrows(DescriptorException.class, () -> loader.load(
                "alerts:\n  ValkeyHighMemoryUsage:\n    threshold: 70\n", "matrixmon.yaml"));
        assertEquals("matrixmon.yaml:3:16: alerts.ValkeyHighMemoryUsage.threshold: expected a fraction between 0"
                + " and 1 (e.g. 0.8 for 80%), got the number 70", error.problems().get(0).toString());
        assertThrows(DescriptorException.class, () -> new DescriptorLoader().load(
                "alerts:\n  ValkeyDown: {for: 1m}\n", "matrixmon.yaml"), "the shipped bundles do not know it");
    }

    private static TreeSet<String> files(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(file -> root.relativize(file).toString())
                    .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

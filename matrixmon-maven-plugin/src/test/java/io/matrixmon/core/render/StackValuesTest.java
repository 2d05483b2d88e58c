package io.matrixmon.core.render;

import static io.matrixmon.core.render.Charts.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.matrixmon.core.lint.Manifest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The kube-prometheus-stack values file rendered next to the chart: only keys of the stack's
 * 67.0.0 values (src/test/resources/kube-prometheus-stack/values-keys.txt, from the chart
 * itself), and settings that make the stack find this chart's objects.
 */
class StackValuesTest {

    private static final Set<String> KEYS = new HashSet<>();
    private static final Set<String> FREE_FORM = new HashSet<>();

    static {
        try (InputStream in = StackValuesTest.class.getResourceAsStream("/kube-prometheus-stack/values-keys.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] parts = line.split(" ");
                KEYS.add(parts[0]);
                if (parts.length > 1) {
                    FREE_FORM.add(parts[0]);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @TempDir
    Path dir;

    /** Key paths of the values that kube-prometheus-stack 67.0.0 does not have. */
    static List<String> unknownKeys(Map<String, Object> values) {
        List<String> unknown = new ArrayList<>();
        collect(values, "", unknown);
        return unknown;
    }

    @SuppressWarnings("unchecked")
    private static void collect(Map<String, Object> node, String prefix, List<String> unknown) {
        for (Map.Entry<String, Object> entry : node.entrySet()) {
            String path = prefix + entry.getKey();
            if (!KEYS.contains(path)) {
                unknown.add(path);
            } else if (!FREE_FORM.contains(path) && entry.getValue() instanceof Map<?, ?> child) {
                collect((Map<String, Object>) child, path + ".", unknown);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> labels(Manifest manifest) {
        return (Map<String, Object>) at(manifest, "metadata.labels");
    }

    private static Map<String, Object> stackValues(Path chart) throws IOException {
        Path file = chart.resolveSibling("kube-prometheus-stack-values.yaml");
        assertTrue(Files.isRegularFile(file), "written next to the chart directory");
        return new Yaml().load(Files.readString(file));
    }

    @Test
    void theKeyCheckFindsAMisspelledKey() {
        assertEquals(List.of(), unknownKeys(Map.of("prometheus", Map.of("prometheusSpec", Map.of("retention", "1d")))));
        assertEquals(List.of("prometheus.prometheusSpec.retentionn"),
                unknownKeys(Map.of("prometheus", Map.of("prometheusSpec", Map.of("retentionn", "1d")))));
        assertEquals(List.of(), unknownKeys(Map.of("prometheus", Map.of("prometheusSpec",
                Map.of("externalLabels", Map.of("anything", "x"))))), "free-form maps take any key");
    }

    @Test
    void defaultValuesUseOnlyKeysOfTheStackAndTheSeedsStorageSettings() throws Exception {
        Map<String, Object> values = stackValues(Charts.defaultChart());
        assertEquals(List.of(), unknownKeys(values));
        assertEquals("30d", at(values, "prometheus.prometheusSpec.retention"));
        assertEquals("100GB", at(values, "prometheus.prometheusSpec.retentionSize"));
        assertEquals("30s", at(values, "prometheus.prometheusSpec.scrapeInterval"));
        assertEquals("100Gi", at(values,
                "prometheus.prometheusSpec.storageSpec.volumeClaimTemplate.spec.resources.requests.storage"));
        assertNull(at(values, "prometheus.prometheusSpec.thanos"));
        assertNull(at(values, "prometheus.prometheusSpec.remoteWrite"));
    }

    @Test
    void theStackSelectsTheChartsObjectsAndItsGrafanaConfigMaps() throws Exception {
        Map<String, Object> values = stackValues(Charts.defaultChart());
        List<Manifest> chart = Charts.template(Charts.defaultChart(), Map.of("alertRouting.enabled", true));
        Map<String, Object> labels = labels(Charts.find(chart, "PrometheusRule", "mon-matrix-monitoring-redis"));
        for (String kind : List.of("serviceMonitor", "podMonitor", "rule")) {
            assertEquals(false, at(values, "prometheus.prometheusSpec." + kind + "SelectorNilUsesHelmValues"));
            @SuppressWarnings("unchecked")
            Map<String, Object> selector = (Map<String, Object>) at(values,
                    "prometheus.prometheusSpec." + kind + "Selector.matchLabels");
            assertFalse(selector.isEmpty());
            selector.forEach((key, value) -> assertEquals(value, labels.get(key), kind + " selects " + key));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> alertmanagerSelector = (Map<String, Object>) at(values,
                "alertmanager.alertmanagerSpec.alertmanagerConfigSelector.matchLabels");
        Map<String, Object> routingLabels = labels(chart.stream().filter(m -> m.kind().equals("AlertmanagerConfig"))
                .findFirst().orElseThrow());
        alertmanagerSelector.forEach((key, value) -> assertEquals(value, routingLabels.get(key)));
        assertEquals("None", at(values, "alertmanager.alertmanagerSpec.alertmanagerConfigMatcherStrategy.type"));

        Manifest dashboard = chart.stream().filter(m -> m.name().contains("-dashboard-")).findFirst().orElseThrow();
        assertEquals(at(values, "grafana.sidecar.dashboards.labelValue"),
                labels(dashboard).get(at(values, "grafana.sidecar.dashboards.label")));
        assertTrue(((Map<?, ?>) at(dashboard, "metadata.annotations"))
                .containsKey(at(values, "grafana.sidecar.dashboards.folderAnnotation")));
        Manifest datasource = chart.stream().filter(m -> m.name().endsWith("-grafana-datasource")).findFirst()
                .orElseThrow();
        assertEquals(at(values, "grafana.sidecar.datasources.labelValue"),
                labels(datasource).get(at(values, "grafana.sidecar.datasources.label")));
        assertEquals("ALL", at(values, "grafana.sidecar.dashboards.searchNamespace"));
        assertEquals("ALL", at(values, "grafana.sidecar.datasources.searchNamespace"));
    }

    @Test
    void theGrafanaAdminPasswordComesFromASecretNeverALiteral() throws Exception {
        Map<String, Object> values = stackValues(Charts.defaultChart());
        assertEquals("grafana-admin", at(values, "grafana.admin.existingSecret"));
        assertEquals("admin-password", at(values, "grafana.admin.passwordKey"));
        assertFalse(((Map<?, ?>) values.get("grafana")).containsKey("adminPassword"));
    }

    @Test
    void longTermStorageOptionsUseOnlyKeysOfTheStack() throws Exception {
        Path chart = Charts.render("""
                monitoring:
                  selectorLabels: {release: kps, team: chat}
                stack:
                  prometheus:
                    retention: 15d
                    storage: 500Gi
                    storageClassName: fast-ssd
                    externalLabels: {cluster: prod-eu}
                    remoteWrite:
                      - url: https://mimir.example.com/api/v1/push
                        name: mimir
                        basicAuthSecret: mimir-credentials
                    thanos:
                      enabled: true
                      objectStorageSecret: {name: thanos-s3, key: objstore.yml}
                  grafana:
                    adminSecret: {name: grafana-login, userKey: user, passwordKey: password}
                """, dir);
        Map<String, Object> values = stackValues(chart);
        assertEquals(List.of(), unknownKeys(values));
        assertEquals("15d", at(values, "prometheus.prometheusSpec.retention"));
        assertEquals("fast-ssd", at(values, "prometheus.prometheusSpec.storageSpec.volumeClaimTemplate.spec.storageClassName"));
        assertEquals("prod-eu", at(values, "prometheus.prometheusSpec.externalLabels.cluster"));
        assertEquals("https://mimir.example.com/api/v1/push", at(values, "prometheus.prometheusSpec.remoteWrite.0.url"));
        assertEquals(Map.of("name", "mimir-credentials", "key", "password"),
                at(values, "prometheus.prometheusSpec.remoteWrite.0.basicAuth.password"));
        assertEquals(Map.of("name", "thanos-s3", "key", "objstore.yml"),
                at(values, "prometheus.prometheusSpec.thanos.objectStorageConfig.existingSecret"));
        assertEquals(true, at(values, "prometheus.thanosService.enabled"));
        assertEquals(Map.of("release", "kps", "team", "chat"), at(values, "prometheus.prometheusSpec.ruleSelector.matchLabels"));
        assertEquals("grafana-login", at(values, "grafana.admin.existingSecret"));
    }
}

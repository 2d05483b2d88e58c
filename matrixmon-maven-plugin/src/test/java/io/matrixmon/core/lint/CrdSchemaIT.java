package io.matrixmon.core.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.matrixmon.core.render.Charts;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Every monitoring object the chart renders (with every component enabled and with tuned
 * values) is valid against the real prometheus-operator CRDs' openAPIV3Schema, closed so that
 * unknown fields are errors; and the plugin's own schema rejects what the CRDs reject.
 * An integration test (run by {@code mvn verify}): it reads the CRDs from outside the project.
 */
class CrdSchemaIT {

    /**
     * The shared CRDs sit next to the project root (../shared); a clone elsewhere finds the
     * workplace's copy; -Dmatrixmon.crds=DIR points anywhere else.
     */
    private static final Path CRDS = java.util.stream.Stream.of(System.getProperty("matrixmon.crds"),
                    "../../shared/crds/prometheus-operator", "/work/shared/crds/prometheus-operator")
            .filter(java.util.Objects::nonNull).map(Path::of).filter(Files::isDirectory).findFirst()
            .orElse(Path.of("../../shared/crds/prometheus-operator"));
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void renderedObjectsAreValidAgainstTheRealCrds() throws IOException {
        Map<String, JsonSchema> crds = crdSchemas();
        List<Manifest> manifests = new ArrayList<>(Charts.template(Charts.defaultChart(), Map.of(
                "elementWeb.enabled", true, "coturn.enabled", true, "redis.portName", "metrics",
                "redis.relabelings[0].action", "keep", "redis.relabelings[0].sourceLabels[0]", "__meta_x",
                "redis.relabelings[0].regex", "y", "alertRouting.enabled", true,
                "alertRouting.receivers.critical.webhookConfigs[0].url", "https://hooks.example.com/matrix",
                "alertRouting.receivers.warning.slackConfigs[0].channel", "#matrix",
                "additionalAlertLabels.cluster", "prod")));
        int validated = 0;
        for (Manifest manifest : manifests) {
            JsonSchema schema = crds.get(manifest.kind());
            if (schema != null) {
                validated++;
                assertEquals(List.of(), schema.validate(JSON.valueToTree(manifest.object())).stream()
                        .map(Object::toString).toList(), manifest.source());
            }
        }
        assertEquals(26, validated);
    }

    @Test
    void theRealCrdsAndThePluginSchemaBothRejectATypo() throws IOException {
        Manifest monitor = Charts.find(Charts.template(Charts.defaultChart(), Map.of()), "ServiceMonitor",
                "mon-matrix-monitoring-redis");
        Map<String, Object> broken = copy(monitor.object());
        @SuppressWarnings("unchecked")
        Map<String, Object> endpoint = (Map<String, Object>) ((List<Object>) ((Map<String, Object>)
                broken.get("spec")).get("endpoints")).get(0);
        endpoint.put("intervall", endpoint.remove("interval"));
        assertFalse(crdSchemas().get("ServiceMonitor").validate(JSON.valueToTree(broken)).isEmpty());
        List<Finding> findings = new ApiSchemaValidator().validate(new Manifest("templates/x.yaml", broken));
        assertEquals(1, findings.size(), findings::toString);
        assertEquals("spec.endpoints[0].intervall", findings.get(0).field());
        assertTrue(findings.get(0).toString().startsWith("templates/x.yaml: ServiceMonitor mon-matrix-monitoring-redis:"));
    }

    @Test
    void bothRejectATypoInTheAlertRouting() throws IOException {
        Manifest routing = Charts.template(Charts.defaultChart(), Map.of("alertRouting.enabled", true)).stream()
                .filter(m -> m.kind().equals("AlertmanagerConfig")).findFirst().orElseThrow();
        Map<String, Object> broken = copy(routing.object());
        @SuppressWarnings("unchecked")
        Map<String, Object> route = (Map<String, Object>) ((Map<String, Object>) broken.get("spec")).get("route");
        route.put("groupby", route.remove("groupBy"));
        assertFalse(crdSchemas().get("AlertmanagerConfig").validate(JSON.valueToTree(broken)).isEmpty());
        List<Finding> findings = new ApiSchemaValidator().validate(new Manifest("templates/a.yaml", broken));
        assertEquals("spec.route.groupby", findings.get(0).field(), findings::toString);
    }

    @Test
    void thePluginSchemaRejectsAWrongType() throws IOException {
        Manifest rules = Charts.find(Charts.template(Charts.defaultChart(), Map.of()), "PrometheusRule",
                "mon-matrix-monitoring-redis");
        Map<String, Object> broken = copy(rules.object());
        @SuppressWarnings("unchecked")
        Map<String, Object> group = (Map<String, Object>) ((List<Object>) ((Map<String, Object>)
                broken.get("spec")).get("groups")).get(0);
        group.put("interval", 30);
        assertFalse(crdSchemas().get("PrometheusRule").validate(JSON.valueToTree(broken)).isEmpty());
        List<Finding> findings = new ApiSchemaValidator().validate(new Manifest("templates/r.yaml", broken));
        assertEquals("spec.groups[0].interval", findings.get(0).field());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> copy(Map<String, Object> object) throws IOException {
        return JSON.readValue(JSON.writeValueAsBytes(object), Map.class);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, JsonSchema> crdSchemas() throws IOException {
        assertTrue(Files.isDirectory(CRDS), "the prometheus-operator CRDs are expected at " + CRDS.toAbsolutePath());
        Map<String, JsonSchema> schemas = new LinkedHashMap<>();
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
        for (String file : List.of("servicemonitors", "podmonitors", "prometheusrules", "alertmanagerconfigs")) {
            Map<String, Object> crd;
            try (InputStream in = Files.newInputStream(CRDS.resolve("monitoring.coreos.com_" + file + ".yaml"))) {
                LoaderOptions options = new LoaderOptions();
                options.setCodePointLimit(50 * 1024 * 1024);
                crd = new Yaml(options).load(in);
            }
            Map<String, Object> spec = (Map<String, Object>) crd.get("spec");
            String kind = (String) ((Map<String, Object>) spec.get("names")).get("kind");
            for (Object version : (List<Object>) spec.get("versions")) {
                Map<String, Object> v = (Map<String, Object>) version;
                if ("v1".equals(v.get("name")) || file.equals("alertmanagerconfigs") && "v1alpha1".equals(v.get("name"))) {
                    Object schema = ((Map<String, Object>) v.get("schema")).get("openAPIV3Schema");
                    schemas.put(kind, factory.getSchema(JSON.valueToTree(closed(schema))));
                }
            }
        }
        return schemas;
    }

    /** Objects with declared properties reject others (a strict API server does the same). */
    @SuppressWarnings("unchecked")
    private static Object closed(Object node) {
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            ((Map<String, Object>) map).forEach((key, value) -> copy.put(key,
                    key.equals("properties") ? closedProperties((Map<String, Object>) value) : closed(value)));
            if (copy.containsKey("properties") && !copy.containsKey("additionalProperties")
                    && !Boolean.TRUE.equals(copy.get("x-kubernetes-preserve-unknown-fields"))) {
                copy.put("additionalProperties", false);
            }
            return copy;
        }
        if (node instanceof List<?> list) {
            return list.stream().map(CrdSchemaIT::closed).toList();
        }
        return node;
    }

    private static Map<String, Object> closedProperties(Map<String, Object> properties) {
        Map<String, Object> copy = new LinkedHashMap<>();
        properties.forEach((name, schema) -> copy.put(name, closed(schema)));
        return copy;
    }
}

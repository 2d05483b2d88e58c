package io.matrixmon.core.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.matrixmon.core.helm.HelmCharts;
import io.matrixmon.core.render.Charts;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every monitoring object the chart renders, with default values and with every optional
 * component enabled (and tuned values), is valid against the structural schemas of the
 * prometheus-operator CRDs of each operator version in {@code src/test/resources/crd-schemas/},
 * closed so that unknown fields are errors; and the plugin's own schema rejects what they reject.
 * An integration test (run by {@code mvn verify}): it runs helm template a dozen times.
 */
class CrdSchemaIT {

    /** The operator versions, with their schemas in crd-schemas/ (see its README.md). */
    private static final String KUBE_PROMETHEUS_STACK_OPERATOR = "v0.79.0";
    private static final String NEWEST_OPERATOR = "v0.95.2";
    /** A schema file per kind and version the chart renders: the schemas of these must be there. */
    private static final Set<String> CHART_SCHEMAS = Set.of("ServiceMonitor.v1.json", "PodMonitor.v1.json",
            "PrometheusRule.v1.json", "AlertmanagerConfig.v1alpha1.json");
    private static final String GROUP = "monitoring.coreos.com/";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Tuned values that reach fields the defaults leave out: relabelings, receivers, alert labels. */
    private static final Map<String, Object> TUNED = Map.of("redis.portName", "metrics",
            "redis.relabelings[0].action", "keep", "redis.relabelings[0].sourceLabels[0]", "__meta_x",
            "redis.relabelings[0].regex", "y",
            "alertRouting.receivers.critical.webhookConfigs[0].url", "https://hooks.example.com/matrix",
            "alertRouting.receivers.warning.slackConfigs[0].channel", "#matrix",
            "additionalAlertLabels.cluster", "prod");

    @TempDir
    Path scratch;

    @ParameterizedTest
    @ValueSource(strings = {KUBE_PROMETHEUS_STACK_OPERATOR, NEWEST_OPERATOR})
    void theSchemasOfEveryKindTheChartRendersAreThere(String operator) throws IOException {
        try (Stream<Path> files = Files.list(schemaDirectory(operator))) {
            Set<String> present = files.map(file -> file.getFileName().toString()).collect(Collectors.toSet());
            assertTrue(present.containsAll(CHART_SCHEMAS), operator + " has " + present + ", needs " + CHART_SCHEMAS);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {KUBE_PROMETHEUS_STACK_OPERATOR, NEWEST_OPERATOR})
    void theDefaultValuesRenderValidObjects(String operator) throws IOException {
        Set<String> validated = assertValid(operator, Charts.template(Charts.defaultChart(), Map.of()));
        assertEquals(Set.of("ServiceMonitor.v1", "PodMonitor.v1", "PrometheusRule.v1"), validated);
    }

    @ParameterizedTest
    @ValueSource(strings = {KUBE_PROMETHEUS_STACK_OPERATOR, NEWEST_OPERATOR})
    void everyComponentEnabledAndTunedRendersValidObjects(String operator) throws IOException {
        Path allEnabled = HelmCharts.copyAllEnabled(Charts.defaultChart(), scratch);
        Set<String> validated = assertValid(operator, Charts.template(allEnabled, TUNED));
        assertEquals(Set.of("ServiceMonitor.v1", "PodMonitor.v1", "PrometheusRule.v1", "AlertmanagerConfig.v1alpha1"),
                validated);
    }

    @ParameterizedTest
    @ValueSource(strings = {KUBE_PROMETHEUS_STACK_OPERATOR, NEWEST_OPERATOR})
    void theCrdsAndThePluginSchemaBothRejectATypo(String operator) throws IOException {
        Manifest monitor = Charts.find(Charts.template(Charts.defaultChart(), Map.of()), "ServiceMonitor",
                "mon-matrix-monitoring-redis");
        Map<String, Object> broken = copy(monitor.object());
        @SuppressWarnings("unchecked")
        Map<String, Object> endpoint = (Map<String, Object>) ((List<Object>) ((Map<String, Object>)
                broken.get("spec")).get("endpoints")).get(0);
        endpoint.put("intervall", endpoint.remove("interval"));
        assertFalse(schema(operator, "ServiceMonitor.v1").validate(JSON.valueToTree(broken)).isEmpty());
        List<Finding> findings = new ApiSchemaValidator().validate(new Manifest("templates/x.yaml", broken));
        assertEquals(1, findings.size(), findings::toString);
        assertEquals("spec.endpoints[0].intervall", findings.get(0).field());
        assertTrue(findings.get(0).toString().startsWith("templates/x.yaml: ServiceMonitor mon-matrix-monitoring-redis:"));
    }

    @ParameterizedTest
    @ValueSource(strings = {KUBE_PROMETHEUS_STACK_OPERATOR, NEWEST_OPERATOR})
    void thePodMonitorsPortNumberIsWhatTheCrdsKnow(String operator) throws IOException {
        Manifest monitor = Charts.find(Charts.template(Charts.defaultChart(),
                Map.of("postgresql.clusters.matrix-postgresql.portName", "")), "PodMonitor",
                "mon-matrix-monitoring-matrix-postgresql");
        assertTrue(schema(operator, "PodMonitor.v1").validate(JSON.valueToTree(monitor.object())).isEmpty());
        assertTrue(new ApiSchemaValidator().validate(monitor).isEmpty());
        // The deprecated field is still in the CRDs; the plugin's schema refuses it.
        Map<String, Object> deprecated = copy(monitor.object());
        @SuppressWarnings("unchecked")
        Map<String, Object> endpoint = (Map<String, Object>) ((List<Object>) ((Map<String, Object>)
                deprecated.get("spec")).get("podMetricsEndpoints")).get(0);
        endpoint.put("targetPort", endpoint.remove("portNumber"));
        List<Finding> findings = new ApiSchemaValidator().validate(new Manifest("templates/p.yaml", deprecated));
        assertEquals("spec.podMetricsEndpoints[0].targetPort", findings.get(0).field(), findings::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {KUBE_PROMETHEUS_STACK_OPERATOR, NEWEST_OPERATOR})
    void bothRejectATypoInTheAlertRouting(String operator) throws IOException {
        Manifest routing = Charts.template(Charts.defaultChart(), Map.of("alertRouting.enabled", true)).stream()
                .filter(m -> m.kind().equals("AlertmanagerConfig")).findFirst().orElseThrow();
        Map<String, Object> broken = copy(routing.object());
        @SuppressWarnings("unchecked")
        Map<String, Object> route = (Map<String, Object>) ((Map<String, Object>) broken.get("spec")).get("route");
        route.put("groupby", route.remove("groupBy"));
        assertFalse(schema(operator, "AlertmanagerConfig.v1alpha1").validate(JSON.valueToTree(broken)).isEmpty());
        List<Finding> findings = new ApiSchemaValidator().validate(new Manifest("templates/a.yaml", broken));
        assertEquals("spec.route.groupby", findings.get(0).field(), findings::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {KUBE_PROMETHEUS_STACK_OPERATOR, NEWEST_OPERATOR})
    void bothRejectAWrongType(String operator) throws IOException {
        Manifest rules = Charts.find(Charts.template(Charts.defaultChart(), Map.of()), "PrometheusRule",
                "mon-matrix-monitoring-redis");
        Map<String, Object> broken = copy(rules.object());
        PrometheusRule.of(new Manifest(rules.source(), broken)).groups().get(0).rendered().put("interval", 30);
        assertFalse(schema(operator, "PrometheusRule.v1").validate(JSON.valueToTree(broken)).isEmpty());
        List<Finding> findings = new ApiSchemaValidator().validate(new Manifest("templates/r.yaml", broken));
        assertEquals("spec.groups[0].interval", findings.get(0).field());
    }

    /**
     * Validates every monitoring.coreos.com object; an object of a kind or version without a
     * schema fails too. Returns the kinds and versions validated.
     */
    private static Set<String> assertValid(String operator, List<Manifest> manifests) throws IOException {
        Map<String, JsonSchema> schemas = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (Manifest manifest : manifests) {
            String apiVersion = String.valueOf(manifest.object().get("apiVersion"));
            if (apiVersion.startsWith(GROUP)) {
                String kind = manifest.kind() + "." + apiVersion.substring(GROUP.length());
                JsonSchema schema = schemas.get(kind);
                if (schema == null) {
                    schema = schema(operator, kind);
                    schemas.put(kind, schema);
                }
                schema.validate(JSON.valueToTree(manifest.object())).forEach(message -> problems.add(
                        manifest.source() + ": " + manifest.kind() + " " + manifest.name() + ": " + message));
            }
        }
        assertEquals(List.of(), problems, "against the CRDs of prometheus-operator " + operator);
        return new TreeSet<>(schemas.keySet());
    }

    /** The schema of a kind and version ("ServiceMonitor.v1") of an operator version, closed. */
    private static JsonSchema schema(String operator, String kindAndVersion) throws IOException {
        Path file = schemaDirectory(operator).resolve(kindAndVersion + ".json");
        assertTrue(Files.isRegularFile(file), "no schema of " + kindAndVersion + " for prometheus-operator "
                + operator + ": " + file + " (scripts/update-crd-schemas.py writes it)");
        JsonNode closed = JSON.valueToTree(closed(JSON.readValue(file.toFile(), Object.class)));
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(closed);
    }

    private static Path schemaDirectory(String operator) {
        URL directory = CrdSchemaIT.class.getResource("/crd-schemas/" + operator);
        assertTrue(directory != null, "no schemas of prometheus-operator " + operator
                + " in src/test/resources/crd-schemas/ (scripts/update-crd-schemas.py writes them)");
        try {
            return Path.of(directory.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> copy(Map<String, Object> object) throws IOException {
        return JSON.readValue(JSON.writeValueAsBytes(object), Map.class);
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

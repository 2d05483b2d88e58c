package io.matrixmon.core.lint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Validates rendered ServiceMonitors, PodMonitors and PrometheusRules against the project's own
 * closed schema of the monitoring.coreos.com/v1 fields (a typo or wrong type fails the build).
 */
public final class ApiSchemaValidator {

    private static final String SCHEMA = "matrixmon/schemas/prometheus-operator.schema.yaml";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, JsonSchema> schemas = new LinkedHashMap<>();

    @SuppressWarnings("unchecked")
    public ApiSchemaValidator() {
        Map<String, Object> document;
        try (InputStream in = ApiSchemaValidator.class.getClassLoader().getResourceAsStream(SCHEMA)) {
            if (in == null) {
                throw new IllegalStateException(SCHEMA + " is missing from the plugin");
            }
            document = new Yaml(new LoaderOptions()).load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
        Map<String, Object> kinds = (Map<String, Object>) document.get("kinds");
        kinds.forEach((kind, schema) -> {
            Map<String, Object> root = new LinkedHashMap<>((Map<String, Object>) schema);
            root.put("definitions", document.get("definitions"));
            JsonSchema compiled = factory.getSchema(JSON.valueToTree(root));
            // Resolve every $ref now, in the warm-up, so that lint's threads only read the schema.
            compiled.initializeValidators();
            schemas.put(kind, compiled);
        });
    }

    /** The kinds this validator knows. */
    public java.util.Set<String> kinds() {
        return schemas.keySet();
    }

    /** Findings for one manifest; empty when valid or of a kind this validator does not cover. */
    public List<Finding> validate(Manifest manifest) {
        JsonSchema schema = schemas.get(manifest.kind());
        List<Finding> findings = new ArrayList<>();
        if (schema == null) {
            return findings;
        }
        for (ValidationMessage message : schema.validate(JSON.valueToTree(manifest.object()))) {
            String field = message.getInstanceLocation().toString().replaceFirst("^\\$\\.?", "");
            if ("additionalProperties".equals(message.getType()) && message.getProperty() != null) {
                field = field.isEmpty() ? message.getProperty() : field + "." + message.getProperty();
            }
            String text = message.getMessage();
            int colon = text.indexOf(": ");
            findings.add(new Finding(manifest.source(), manifest.kind() + " " + manifest.name(),
                    field.isEmpty() ? "(object)" : field, colon > 0 ? text.substring(colon + 2) : text));
        }
        findings.sort(java.util.Comparator.comparing(Finding::toString));
        return findings;
    }
}

package io.matrixmon.core.lint;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Validates rendered ServiceMonitors, PodMonitors, PrometheusRules and AlertmanagerConfigs
 * against the project's own closed schema of the monitoring.coreos.com fields (a typo or wrong
 * type fails the build).
 */
public final class ApiSchemaValidator {

    private static final String SCHEMA = "matrixmon/schemas/prometheus-operator.schema.yaml";

    private final Map<String, Object> kinds;
    private final SchemaCheck check;

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
        kinds = (Map<String, Object>) document.get("kinds");
        check = new SchemaCheck((Map<String, Object>) document.get("definitions"));
        kinds.forEach((kind, schema) -> check.prepare(schema, "kinds." + kind));
    }

    /** The kinds this validator knows. */
    public Set<String> kinds() {
        return kinds.keySet();
    }

    /** Findings for one manifest, sorted; empty when valid or of a kind this validator does not cover. */
    public List<Finding> validate(Manifest manifest) {
        Object schema = kinds.get(manifest.kind());
        List<Finding> findings = new ArrayList<>();
        if (schema == null) {
            return findings;
        }
        for (SchemaCheck.Problem problem : check.check(schema, manifest.object(), "")) {
            findings.add(new Finding(manifest.source(), manifest.kind() + " " + manifest.name(),
                    problem.field().isEmpty() ? "(object)" : problem.field(), problem.message()));
        }
        findings.sort(Comparator.comparing(Finding::toString));
        return findings;
    }
}

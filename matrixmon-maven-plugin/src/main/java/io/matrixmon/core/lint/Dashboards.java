package io.matrixmon.core.lint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The PromQL of a Grafana dashboard's panels and annotations. */
public final class Dashboards {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Dashboards() {
    }

    /** Panel title (with the target's refId) to expression, in panel order. */
    public static Map<String, String> expressions(String dashboardJson) {
        Map<String, String> expressions = new LinkedHashMap<>();
        try {
            for (JsonNode panel : JSON.readTree(dashboardJson).path("panels")) {
                for (JsonNode target : panel.path("targets")) {
                    if (target.hasNonNull("expr")) {
                        expressions.put(panel.path("title").asText() + " " + target.path("refId").asText(),
                                target.path("expr").asText());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("A dashboard is not valid JSON: " + e.getMessage(), e);
        }
        return expressions;
    }

    /** Annotation name to its query (the Prometheus annotations, such as process restarts), in order. */
    public static Map<String, String> annotations(String dashboardJson) {
        Map<String, String> annotations = new LinkedHashMap<>();
        try {
            for (JsonNode annotation : JSON.readTree(dashboardJson).path("annotations").path("list")) {
                if (annotation.hasNonNull("expr")) {
                    annotations.put(annotation.path("name").asText(), annotation.path("expr").asText());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("A dashboard is not valid JSON: " + e.getMessage(), e);
        }
        return annotations;
    }
}

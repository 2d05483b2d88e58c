package io.matrixmon.core.lint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The PromQL of a Grafana dashboard's panels, and the labels its variables filter by. */
public final class Dashboards {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A query variable's label_values(metric or selector, label): the label it offers the values of. */
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(.*,\\s*(\\w+)\\s*\\)\\s*",
            Pattern.DOTALL);

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

    /**
     * Template variable name to the label whose values it offers, for the query variables that read
     * label_values(..., label): what a link sets (var-&lt;name&gt;) to open the dashboard filtered to a
     * series.
     */
    public static Map<String, String> variableLabels(String dashboardJson) {
        Map<String, String> labels = new LinkedHashMap<>();
        try {
            for (JsonNode variable : JSON.readTree(dashboardJson).path("templating").path("list")) {
                JsonNode query = variable.path("query");
                Matcher matcher = LABEL_VALUES.matcher(query.isObject() ? query.path("query").asText() : query.asText());
                if (variable.path("type").asText().equals("query") && matcher.matches()) {
                    labels.put(variable.path("name").asText(), matcher.group(1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("A dashboard is not valid JSON: " + e.getMessage(), e);
        }
        return labels;
    }
}

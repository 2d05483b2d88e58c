package io.matrixmon.core.descriptor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The labels a bundle's dashboard filters by, which its alerts' dashboard_url set. */
final class DashboardFilters {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A query variable's label_values(metric or selector, label): the label it offers the values of. */
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(.*,\\s*(\\w+)\\s*\\)\\s*",
            Pattern.DOTALL);

    private DashboardFilters() {
    }

    /**
     * Template variable name to the label whose values it offers, for the query variables that read
     * label_values(..., label): what a link sets (var-&lt;name&gt;) to open the dashboard filtered to a
     * series.
     */
    static Map<String, String> of(String dashboardJson) {
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

package io.matrixmon.core.component;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The README's table of the dashboards, written from the bundles that have one: each dashboard's
 * description, its variables (the data source left out: every dashboard has one), its annotations
 * and its panels by row, as its dashboard.json says them.
 */
final class DashboardDocs {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A row repeated for each value of a variable has that variable as its title: "$slo". */
    private static final Pattern REPEATED_ROW = Pattern.compile("\\$\\{?(\\w+)}?");

    private DashboardDocs() {
    }

    /** The table, one line per dashboard, in bundle order. */
    static String readmeTable(Components components) {
        StringBuilder table = new StringBuilder("""
                | Dashboard | What it shows | Variables | Panels |
                |-----------|---------------|-----------|--------|
                """);
        for (String name : Bundles.dashboards(components)) {
            JsonNode dashboard = read(components.get(name).orElseThrow().file(Component.DASHBOARD).orElseThrow());
            Map<String, String> variables = new LinkedHashMap<>();
            dashboard.path("templating").path("list").forEach(variable -> {
                if (!variable.path("type").asText().equals("datasource")) {
                    variables.put(variable.path("name").asText(), variable.path("label").asText(
                            variable.path("name").asText()));
                }
            });
            List<String> annotations = new ArrayList<>();
            dashboard.path("annotations").path("list").forEach(annotation -> {
                if (!annotation.path("builtIn").asBoolean()) {
                    annotations.add(annotation.path("name").asText());
                }
            });
            String shown = String.join(", ", variables.values())
                    + (annotations.isEmpty() ? "" : (variables.isEmpty() ? "" : "; ") + "annotations: "
                            + String.join(", ", annotations));
            table.append("| `").append(name).append("` | ").append(dashboard.path("description").asText())
                    .append(" | ").append(shown.isEmpty() ? "—" : shown).append(" | ")
                    .append(panels(dashboard.path("panels"), variables)).append(" |\n");
        }
        return table.toString();
    }

    /**
     * The panels' titles, grouped by row ("**Row**: a, b; **Row 2**: c") when the dashboard has rows.
     * A row's panels follow it, or are inside it when the row is collapsed.
     */
    private static String panels(JsonNode panels, Map<String, String> variables) {
        List<String> groups = new ArrayList<>();
        String row = null;
        List<String> titles = new ArrayList<>();
        for (JsonNode panel : panels) {
            if (panel.path("type").asText().equals("row")) {
                if (row != null || !titles.isEmpty()) {
                    groups.add(group(row, titles));
                }
                row = rowTitle(panel.path("title").asText(), variables);
                titles = new ArrayList<>();
                for (JsonNode inner : panel.path("panels")) {
                    titles.add(inner.path("title").asText());
                }
            } else {
                titles.add(panel.path("title").asText());
            }
        }
        groups.add(group(row, titles));
        return String.join("; ", groups);
    }

    private static String group(String row, List<String> titles) {
        return (row == null ? "" : "**" + row + "**: ") + String.join(", ", titles);
    }

    private static String rowTitle(String title, Map<String, String> variables) {
        Matcher repeated = REPEATED_ROW.matcher(title);
        if (repeated.matches() && variables.containsKey(repeated.group(1))) {
            return "a row per " + variables.get(repeated.group(1)).toLowerCase(Locale.ROOT);
        }
        return title;
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

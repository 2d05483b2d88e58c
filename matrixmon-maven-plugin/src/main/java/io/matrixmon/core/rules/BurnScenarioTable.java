package io.matrixmon.core.rules;

import io.matrixmon.core.component.Component;
import io.matrixmon.core.component.Components;
import io.matrixmon.core.descriptor.Durations;
import io.matrixmon.core.descriptor.RuleTestsFile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/**
 * The README's table of the burn scenarios: for each scenario of the bundles' rule-tests.yaml and
 * each objective, the time from the start of the burn to the evaluation at which its alert first
 * fires (the page for a critical alert, the ticket for a warning), as the promtool tests check it.
 */
public final class BurnScenarioTable {

    private BurnScenarioTable() {
    }

    /** The Markdown table, one row per scenario, one column per objective, in bundle order. */
    @SuppressWarnings("unchecked")
    public static String of(Components components) {
        Map<String, Map<String, String>> cells = new LinkedHashMap<>();
        List<String> objectives = new ArrayList<>();
        for (Component bundle : components.all()) {
            Map<String, Object> fixtures = RuleTestsFile.of(bundle).map(RuleTestsFile::fixtures).orElse(Map.of());
            Map<String, Object> declared = bundle.file(Component.DECLARATION)
                    .map(text -> new Yaml().<Map<String, Object>>load(text)).orElse(Map.of());
            Map<String, Object> alerts = (Map<String, Object>) declared.getOrDefault("alerts", Map.of());
            for (Map<String, Object> scenario : (List<Map<String, Object>>) fixtures.getOrDefault("scenarios", List.of())) {
                String objective = String.valueOf(scenario.get("objective"));
                if (!objectives.contains(objective)) {
                    objectives.add(objective);
                }
                cells.computeIfAbsent(String.valueOf(scenario.get("name")), name -> new LinkedHashMap<>())
                        .put(objective, cell(scenario, alerts));
            }
        }
        StringBuilder table = new StringBuilder("| Scenario |");
        objectives.forEach(objective -> table.append(" `").append(objective).append("` |"));
        table.append("\n|---|").append("---|".repeat(objectives.size())).append('\n');
        cells.forEach((scenario, byObjective) -> {
            table.append("| ").append(scenario).append(" |");
            objectives.forEach(objective -> table.append(' ').append(byObjective.getOrDefault(objective, "")).append(" |"));
            table.append('\n');
        });
        return table.toString();
    }

    /** "page after 45m", "ticket after 22h10m", or "nothing" for a scenario whose alerts stay silent. */
    @SuppressWarnings("unchecked")
    private static String cell(Map<String, Object> scenario, Map<String, Object> alerts) {
        Map<String, Object> fires = (Map<String, Object>) scenario.getOrDefault("fires", Map.of());
        if (fires.isEmpty()) {
            return "nothing";
        }
        long start = scenario.get("burnStarts") == null ? 0 : Durations.toMillis(String.valueOf(scenario.get("burnStarts")));
        List<String> parts = new ArrayList<>();
        fires.forEach((alert, at) -> {
            Object severity = alerts.get(alert) instanceof Map<?, ?> declared ? declared.get("severity") : null;
            String kind = "critical".equals(severity) ? "page" : "warning".equals(severity) ? "ticket" : alert;
            parts.add(kind + " after " + duration(Durations.toMillis(String.valueOf(at)) - start));
        });
        return String.join(", ", parts);
    }

    /** Minutes as Prometheus writes a duration: 45m, 3h30m, 1d0h20m becomes 24h20m. */
    static String duration(long millis) {
        long minutes = millis / 60_000;
        return (minutes >= 60 ? minutes / 60 + "h" : "") + (minutes % 60 != 0 || minutes < 60 ? minutes % 60 + "m" : "");
    }
}

package io.matrixmon.core.component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One component bundle, the folder {@code components/<name>/}: everything matrixmon knows about
 * one component, as file name to content.
 *
 * @param name the component's name: its PrometheusRule's and its alerts' {@code component} label,
 *     the name of its dashboard and of its metric catalog
 * @param location the folder, for messages
 */
public record Component(String name, String location, Map<String, String> files) {

    /** Its scrape targets, its own descriptor sections, its alerts' defaults, whether it has a dashboard. */
    public static final String DECLARATION = "component.yaml";
    /** Its PrometheusRule, a Jinjava template; the chart has it as templates/rules/&lt;name&gt;.yaml.j2. */
    public static final String RULES = "rules.yaml.j2";
    /** Its Grafana dashboard; the chart has it as files/dashboards/&lt;name&gt;.json. */
    public static final String DASHBOARD = "dashboard.json";
    /** The metrics its exporter emits (format: matrixmon/catalog/README.md). */
    public static final String CATALOG = "catalog.yaml";
    /** The promtool fixtures of its rules (format: matrixmon/components/README.md). */
    public static final String RULE_TESTS = "rule-tests.yaml";
    /** Every file a bundle may hold; any other is an error, not silently ignored. */
    static final List<String> FILES = List.of(DECLARATION, RULES, DASHBOARD, CATALOG, RULE_TESTS);

    public Component {
        files = Map.copyOf(files);
    }

    public Optional<String> file(String fileName) {
        return Optional.ofNullable(files.get(fileName));
    }

    public boolean has(String fileName) {
        return files.containsKey(fileName);
    }

    /** Where one of its files is, for messages. */
    public String origin(String fileName) {
        return location + "/" + fileName;
    }

    /**
     * The files it adds to the chart, by chart path: the paths users' template overrides have
     * always used (src/main/matrixmon/templates/templates/rules/redis.yaml.j2).
     */
    Map<String, String> chartPaths() {
        Map<String, String> paths = new LinkedHashMap<>();
        if (has(RULES)) {
            paths.put("templates/rules/" + name + ".yaml.j2", RULES);
        }
        if (has(DASHBOARD)) {
            paths.put("files/dashboards/" + name + ".json", DASHBOARD);
        }
        return paths;
    }
}

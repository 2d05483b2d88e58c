package io.matrixmon.core.lint;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Every metric a rule reads must be one the component's exporter really emits (or a recording
 * rule of the chart): an alert on a metric that does not exist never fires.
 */
public final class CatalogCheck {

    private final MetricCatalog catalog;

    public CatalogCheck(MetricCatalog catalog) {
        this.catalog = catalog;
    }

    @SuppressWarnings("unchecked")
    public List<Finding> check(List<Manifest> manifests) {
        Set<String> recorded = recordedMetrics(manifests);
        List<Finding> findings = new ArrayList<>();
        for (Manifest manifest : ruleObjects(manifests)) {
            Map<String, Object> labels = (Map<String, Object>) ((Map<String, Object>) manifest.object()
                    .get("metadata")).getOrDefault("labels", Map.of());
            for (Map<String, Object> rule : rules(manifest)) {
                Map<String, Object> ruleLabels = (Map<String, Object>) rule.getOrDefault("labels", Map.of());
                String component = String.valueOf(ruleLabels.getOrDefault("component",
                        labels.getOrDefault("app.kubernetes.io/component", "?")));
                String name = rule.get("alert") != null ? "alert " + rule.get("alert") : "record " + rule.get("record");
                for (String metric : PromqlMetrics.of(String.valueOf(rule.get("expr")))) {
                    if (!recorded.contains(metric) && catalog.source(component, metric).isEmpty()) {
                        findings.add(new Finding(manifest.source(), "PrometheusRule " + manifest.name(), name,
                                "metric " + metric + " is not in the " + component + " catalog ("
                                        + catalog.catalogsOf(component).stream()
                                                .map(e -> e.exporter() + " " + e.version())
                                                .collect(Collectors.joining(", ")) + ")"));
                    }
                }
            }
        }
        return findings;
    }

    /**
     * The same for the panels of the chart's dashboards (ConfigMaps labelled grafana_dashboard):
     * dashboard {@code matrixmon-<component>.json} may use its component's catalog.
     */
    @SuppressWarnings("unchecked")
    public List<Finding> checkDashboards(List<Manifest> manifests) {
        List<Finding> findings = new ArrayList<>();
        for (Manifest manifest : manifests) {
            Map<String, Object> labels = (Map<String, Object>) ((Map<String, Object>) manifest.object()
                    .getOrDefault("metadata", Map.of())).getOrDefault("labels", Map.of());
            if (manifest.kind().equals("ConfigMap") && "1".equals(String.valueOf(labels.get("grafana_dashboard")))) {
                Map<String, String> files = new TreeMap<>();
                ((Map<String, Object>) manifest.object().getOrDefault("data", Map.of()))
                        .forEach((file, json) -> files.put(file, String.valueOf(json)));
                findings.addAll(checkDashboards(manifest.source(), files, manifests));
            }
        }
        return findings;
    }

    /**
     * Dashboards by file name ({@code [matrixmon-]<component>.json}), their panels and annotations,
     * against the catalog of their component and the recording rules of the manifests.
     */
    public List<Finding> checkDashboards(String source, Map<String, String> dashboards, List<Manifest> manifests) {
        Set<String> recorded = recordedMetrics(manifests);
        List<Finding> findings = new ArrayList<>();
        dashboards.forEach((file, json) -> {
            String component = file.replaceFirst("^matrixmon-", "").replaceFirst("\\.json$", "");
            Map<String, String> queries = new LinkedHashMap<>();
            Dashboards.expressions(json).forEach((panel, expr) -> queries.put("panel " + panel, expr));
            Dashboards.annotations(json).forEach((name, expr) -> queries.put("annotation " + name, expr));
            queries.forEach((where, expr) -> {
                for (String metric : PromqlMetrics.of(expr)) {
                    if (!recorded.contains(metric) && catalog.source(component, metric).isEmpty()) {
                        findings.add(new Finding(source, "dashboard " + file, where,
                                "metric " + metric + " is not in the " + component + " catalog"));
                    }
                }
            });
        });
        return findings;
    }

    /** The metrics the chart's recording rules produce: rules and panels may read them too. */
    private static Set<String> recordedMetrics(List<Manifest> manifests) {
        Set<String> recorded = new HashSet<>();
        for (Manifest manifest : ruleObjects(manifests)) {
            for (Map<String, Object> rule : rules(manifest)) {
                if (rule.get("record") != null) {
                    recorded.add((String) rule.get("record"));
                }
            }
        }
        return recorded;
    }

    private static List<Manifest> ruleObjects(List<Manifest> manifests) {
        return manifests.stream().filter(m -> m.kind().equals("PrometheusRule")).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rules(Manifest manifest) {
        List<Map<String, Object>> rules = new ArrayList<>();
        Map<String, Object> spec = (Map<String, Object>) manifest.object().get("spec");
        for (Map<String, Object> group : (List<Map<String, Object>>) spec.get("groups")) {
            rules.addAll((List<Map<String, Object>>) group.get("rules"));
        }
        return rules;
    }
}

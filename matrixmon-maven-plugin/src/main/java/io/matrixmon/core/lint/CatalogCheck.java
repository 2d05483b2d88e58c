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

    public List<Finding> check(List<Manifest> manifests) {
        Set<String> recorded = recordedMetrics(manifests);
        List<Finding> findings = new ArrayList<>();
        for (PrometheusRule rules : PrometheusRule.of(manifests)) {
            for (PrometheusRule.Rule rule : rules.rules()) {
                String component = rule.labels().getOrDefault("component",
                        rules.component() == null ? "?" : rules.component());
                String name = rule.isAlert() ? "alert " + rule.alert() : "record " + rule.record();
                for (String metric : PromqlMetrics.of(String.valueOf(rule.expr()))) {
                    if (!recorded.contains(metric) && catalog.source(component, metric).isEmpty()) {
                        findings.add(new Finding(rules.source(), "PrometheusRule " + rules.name(), name,
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
    public List<Finding> checkDashboards(List<Manifest> manifests) {
        List<Finding> findings = new ArrayList<>();
        for (Manifest manifest : manifests) {
            if (manifest.kind().equals("ConfigMap") && "1".equals(manifest.labels().get("grafana_dashboard"))) {
                findings.addAll(checkDashboards(manifest.source(), new TreeMap<>(manifest.data()), manifests));
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
        for (PrometheusRule.Rule rule : PrometheusRule.rules(PrometheusRule.of(manifests))) {
            if (rule.record() != null) {
                recorded.add(rule.record());
            }
        }
        return recorded;
    }
}

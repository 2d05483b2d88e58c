package io.matrixmon.core.component;

import io.matrixmon.core.helm.HelmCharts;
import io.matrixmon.core.lint.Manifest;
import io.matrixmon.core.render.Charts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The README's table of what the chart scrapes, written from the ServiceMonitors and PodMonitors
 * that {@code helm template} renders for the embedded default deployment with every component
 * switched on: what each selects, its port, path, interval and the labels it gives its targets.
 * Monitors that the default values leave out are marked so.
 */
final class TargetDocs {

    private static final String RELEASE_PREFIX = "mon-matrix-monitoring-";

    private TargetDocs() {
    }

    static String readmeTable() {
        Path scratch = null;
        try {
            scratch = Files.createTempDirectory("matrixmon-targets");
            Set<String> onByDefault = monitors(Charts.template(Charts.defaultChart(), Map.of())).stream()
                    .map(Manifest::name).collect(Collectors.toSet());
            List<Manifest> everyMonitor = monitors(Charts.template(
                    HelmCharts.copyAllEnabled(Charts.defaultChart(), scratch), Map.of()));
            StringBuilder table = new StringBuilder("""
                    | Monitor | Selects | Port | Path | Every | Labels the targets carry |
                    |---------|---------|------|------|-------|--------------------------|
                    """);
            for (Manifest monitor : everyMonitor) {
                for (Map<String, Object> endpoint : endpoints(monitor)) {
                    table.append("| `").append(monitor.name().substring(RELEASE_PREFIX.length())).append("` ")
                            .append(monitor.kind())
                            .append(onByDefault.contains(monitor.name()) ? "" : ", off by default")
                            .append(" | ").append(selects(monitor)).append(" | ").append(port(endpoint))
                            .append(" | `").append(endpoint.get("path")).append('`')
                            .append(authorization(endpoint)).append(" | ").append(endpoint.get("interval"))
                            .append(" | ").append(targetLabels(endpoint)).append(" |\n");
                }
            }
            return table.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (scratch != null) {
                io.matrixmon.core.chart.ChartDirectory.deleteTree(scratch);
            }
        }
    }

    private static List<Manifest> monitors(List<Manifest> manifests) {
        return manifests.stream().filter(m -> m.kind().equals("ServiceMonitor") || m.kind().equals("PodMonitor"))
                .sorted((a, b) -> a.name().compareTo(b.name())).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> endpoints(Manifest monitor) {
        Map<String, Object> spec = (Map<String, Object>) monitor.object().get("spec");
        return (List<Map<String, Object>>) spec.get(monitor.kind().equals("PodMonitor") ? "podMetricsEndpoints"
                : "endpoints");
    }

    /** The namespace and the labels a Service (or pod) must carry to be scraped. */
    @SuppressWarnings("unchecked")
    private static String selects(Manifest monitor) {
        Map<String, Object> spec = (Map<String, Object>) monitor.object().get("spec");
        Map<String, Object> namespaces = (Map<String, Object>) spec.get("namespaceSelector");
        Map<String, Object> selector = (Map<String, Object>) spec.get("selector");
        List<String> conditions = new ArrayList<>();
        ((Map<String, Object>) selector.getOrDefault("matchLabels", Map.of()))
                .forEach((key, value) -> conditions.add("`" + key + "=" + value + "`"));
        for (Map<String, Object> expression : (List<Map<String, Object>>) selector.getOrDefault("matchExpressions",
                List.of())) {
            conditions.add(expression(expression));
        }
        String labels = String.join(", ", conditions);
        return (monitor.kind().equals("PodMonitor") ? "pods " : "Services ") + labels + " in "
                + ((List<String>) namespaces.get("matchNames")).stream().map(name -> "`" + name + "`")
                        .collect(Collectors.joining(", "));
    }

    @SuppressWarnings("unchecked")
    private static String expression(Map<String, Object> expression) {
        String key = "`" + expression.get("key") + "`";
        List<String> values = (List<String>) expression.getOrDefault("values", List.of());
        return switch (String.valueOf(expression.get("operator"))) {
            case "Exists" -> key + " set";
            case "DoesNotExist" -> key + " not set";
            case "In" -> key + " one of `" + String.join("`, `", values) + "`";
            case "NotIn" -> key + " none of `" + String.join("`, `", values) + "`";
            default -> throw new IllegalStateException("a selector operator the chart should not render: " + expression);
        };
    }

    private static String port(Map<String, Object> endpoint) {
        for (String field : List.of("targetPort", "portNumber")) {
            if (endpoint.get(field) != null) {
                return String.valueOf(endpoint.get(field));
            }
        }
        return "`" + endpoint.get("port") + "`";
    }

    @SuppressWarnings("unchecked")
    private static String authorization(Map<String, Object> endpoint) {
        if (!(endpoint.get("authorization") instanceof Map<?, ?> authorization)) {
            return "";
        }
        Map<String, Object> credentials = (Map<String, Object>) authorization.get("credentials");
        return " (" + authorization.get("type") + " token: key `" + credentials.get("key") + "` of Secret `"
                + credentials.get("name") + "`)";
    }

    /** Each label a relabeling sets: its fixed value, or where it is taken from. */
    @SuppressWarnings("unchecked")
    private static String targetLabels(Map<String, Object> endpoint) {
        List<String> labels = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        for (Map<String, Object> relabeling : (List<Map<String, Object>>) endpoint.getOrDefault("relabelings",
                List.of())) {
            Object target = relabeling.get("targetLabel");
            if (target == null || !"replace".equals(relabeling.getOrDefault("action", "replace"))
                    || !seen.add(target.toString())) {
                continue;
            }
            labels.add(relabeling.get("sourceLabels") instanceof List<?> sources
                    ? "`" + target + "` from `" + String.join("`, `", (List<String>) sources) + "`"
                    : "`" + target + "=" + relabeling.get("replacement") + "`");
        }
        return labels.isEmpty() ? "—" : String.join(", ", labels);
    }
}

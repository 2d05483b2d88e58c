package io.matrixmon.core.lint;

import io.matrixmon.core.component.Component;
import io.matrixmon.core.component.Components;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The metrics each exporter really emits, and which rule components may use which exporter's
 * metrics: the catalog.yaml of every component bundle and the shared catalogs (matrixmon/catalog/,
 * format in its README.md).
 */
public final class MetricCatalog {

    private static final Set<String> KEYS = Set.of("components", "exporter", "version", "source", "metrics");
    private static final Set<String> METRIC_KEYS = Set.of("name", "type", "labels", "file", "help");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary");

    /** One exporter's metrics. */
    record Exporter(String exporter, String version, List<String> components, Map<String, String> types) {

        boolean serves(String component) {
            return components.contains("*") || components.contains(component);
        }

        /** Does this exporter emit the series name (histogram and summary series included)? */
        boolean emits(String series) {
            if (types.containsKey(series)) {
                return true;
            }
            for (String suffix : List.of("_bucket", "_sum", "_count")) {
                if (series.endsWith(suffix)) {
                    String type = types.get(series.substring(0, series.length() - suffix.length()));
                    if ("histogram".equals(type) || "summary".equals(type) && !suffix.equals("_bucket")) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    private final List<Exporter> exporters;

    private MetricCatalog(List<Exporter> exporters) {
        this.exporters = exporters;
    }

    /** The catalogs of the bundles the plugin ships. */
    public static MetricCatalog load() {
        return of(Components.embedded());
    }

    /** The catalogs of these bundles and the shared ones. */
    public static MetricCatalog of(Components components) {
        List<Exporter> exporters = new ArrayList<>();
        for (Component component : components.all()) {
            component.file(Component.CATALOG).ifPresent(text -> {
                Exporter exporter = read(component.origin(Component.CATALOG), text);
                if (!exporter.components().contains(component.name())) {
                    throw invalid(component.origin(Component.CATALOG), "components: " + exporter.components()
                            + " leaves out " + component.name() + ", the bundle's own component");
                }
                exporters.add(exporter);
            });
        }
        components.sharedCatalogs().forEach((name, text) -> exporters.add(read(Components.sharedCatalogOrigin(name),
                text)));
        return new MetricCatalog(List.copyOf(exporters));
    }

    /** One catalog file, checked: an unknown key or type is a mistake, not something to skip. */
    @SuppressWarnings("unchecked")
    private static Exporter read(String origin, String text) {
        Object loaded = new Yaml(new LoaderOptions()).load(text);
        if (!(loaded instanceof Map<?, ?> map) || !KEYS.equals(map.keySet())) {
            throw invalid(origin, "expected a mapping of exactly " + new TreeSet<>(KEYS) + ", got "
                    + (loaded instanceof Map<?, ?> map ? new TreeSet<>(map.keySet()) : loaded));
        }
        Map<String, Object> data = (Map<String, Object>) loaded;
        Map<String, String> types = new LinkedHashMap<>();
        for (Map<String, Object> metric : (List<Map<String, Object>>) data.get("metrics")) {
            Object type = metric.get("type");
            if (!METRIC_KEYS.containsAll(metric.keySet()) || !(metric.get("name") instanceof String) || !TYPES.contains(type)) {
                throw invalid(origin, "metrics: expected name, type (one of " + new TreeSet<>(TYPES)
                        + "), labels, file and help, got " + metric);
            }
            types.put((String) metric.get("name"), (String) type);
        }
        return new Exporter((String) data.get("exporter"), String.valueOf(data.get("version")),
                (List<String>) data.get("components"), types);
    }

    private static IllegalStateException invalid(String origin, String message) {
        return new IllegalStateException("Invalid metric catalog " + origin + ": " + message);
    }

    /** The exporter that may serve this metric to the component, if any. */
    Optional<Exporter> source(String component, String metric) {
        return exporters.stream().filter(e -> e.serves(component) && e.emits(metric)).findFirst();
    }

    /** The catalogs a component may use, for messages. */
    List<Exporter> catalogsOf(String component) {
        return exporters.stream().filter(e -> e.serves(component) && !e.components().contains("*")).toList();
    }
}

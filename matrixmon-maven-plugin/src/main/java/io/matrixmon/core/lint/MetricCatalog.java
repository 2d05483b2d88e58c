package io.matrixmon.core.lint;

import io.matrixmon.core.component.Component;
import io.matrixmon.core.component.Components;
import io.matrixmon.core.descriptor.BundleFiles;
import io.matrixmon.core.descriptor.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The metrics each exporter really emits, and which rule components may use which exporter's
 * metrics: the catalog.yaml of every component bundle and the shared catalogs (matrixmon/catalog/,
 * format in its README.md).
 */
public final class MetricCatalog {

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
                    throw BundleFiles.invalid("metric catalog", List.of(new Problem(component.origin(Component.CATALOG),
                            0, 0, "components", exporter.components() + " leaves out " + component.name()
                            + ", the bundle's own component")));
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
        Map<String, Object> data = BundleFiles.catalog(origin, text);
        Map<String, String> types = new LinkedHashMap<>();
        for (Map<String, Object> metric : (List<Map<String, Object>>) data.get("metrics")) {
            types.put((String) metric.get("name"), (String) metric.get("type"));
        }
        return new Exporter((String) data.get("exporter"), (String) data.get("version"),
                (List<String>) data.get("components"), types);
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

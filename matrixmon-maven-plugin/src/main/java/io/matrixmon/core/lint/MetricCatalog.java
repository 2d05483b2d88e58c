package io.matrixmon.core.lint;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The metrics each exporter really emits (chart-templates' matrixmon/catalog/*.yaml), and which
 * rule components may use which exporter's metrics.
 */
public final class MetricCatalog {

    static final List<String> FILES = List.of("scrape", "synapse", "postgresql", "redis", "haproxy", "minio",
            "ingress-nginx", "kube-state-metrics", "key-vault", "sygnal", "prometheus");

    /** One exporter's metrics. */
    record Exporter(String file, String exporter, String version, List<String> components,
            Map<String, String> types) {

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

    @SuppressWarnings("unchecked")
    public static MetricCatalog load() {
        List<Exporter> exporters = new ArrayList<>();
        for (String file : FILES) {
            String resource = "matrixmon/catalog/" + file + ".yaml";
            try (InputStream in = MetricCatalog.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException(resource + " is missing from the classpath");
                }
                Map<String, Object> data = new Yaml(new LoaderOptions()).load(in);
                Map<String, String> types = new LinkedHashMap<>();
                for (Map<String, Object> metric : (List<Map<String, Object>>) data.get("metrics")) {
                    types.put((String) metric.get("name"), (String) metric.get("type"));
                }
                exporters.add(new Exporter(file, (String) data.get("exporter"), String.valueOf(data.get("version")),
                        (List<String>) data.get("components"), types));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new MetricCatalog(List.copyOf(exporters));
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

package io.matrixmon.core.render;

import io.matrixmon.core.TestThreads;
import io.matrixmon.core.component.Components;
import io.matrixmon.core.descriptor.DescriptorException;
import io.matrixmon.core.descriptor.DescriptorLoader;
import io.matrixmon.core.helm.HelmCharts;
import io.matrixmon.core.lint.Manifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test helper: renders charts into a temporary directory and templates them with real Helm. */
public final class Charts {

    private static Path defaultChart;

    /**
     * The --set values under which the default chart renders every alert its bundles declare: the
     * Pooler alerts exist only for clusters whose Poolers are scraped, which no cluster is by default.
     */
    public static final Map<String, Object> EVERY_ALERT = everyAlert();

    private Charts() {
    }

    /** The chart of the embedded default deployment, rendered once per test run. */
    public static synchronized Path defaultChart() {
        if (defaultChart == null) {
            try {
                Path directory = Files.createTempDirectory("matrixmon-default");
                Runtime.getRuntime().addShutdownHook(new Thread(
                        () -> io.matrixmon.core.chart.ChartDirectory.deleteTree(directory)));
                defaultChart = render(null, directory);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return defaultChart;
    }

    /** Renders a descriptor text (null: the default deployment) into the directory. */
    public static Path render(String descriptor, Path out) {
        return render(descriptor, out, Components.embedded());
    }

    /** The same with other component bundles than the shipped ones. */
    public static Path render(String descriptor, Path out, Components components) {
        try {
            Path file = null;
            if (descriptor != null) {
                file = out.resolve("matrixmon.yaml");
                Files.writeString(file, descriptor);
            }
            return new ChartGenerator(TestThreads.SHARED, () -> { }, components).generate(new ChartGenerator.Request(file, "matrixmon.yaml",
                    out.resolve("no-overrides"), out.resolve("chart"), "1.2.3-SNAPSHOT", "test", "")).chartDirectory();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> everyAlert() {
        try {
            Map<String, Object> clusters = (Map<String, Object>) new DescriptorLoader().load((String) null, "default")
                    .section("postgresql").get("clusters");
            Map<String, Object> sets = new LinkedHashMap<>();
            clusters.keySet().forEach(cluster -> sets.put("postgresql.clusters." + cluster + ".poolers.enabled", true));
            return java.util.Collections.unmodifiableMap(sets);
        } catch (DescriptorException e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<Manifest> template(Path chart, Map<String, ?> sets) {
        return Manifest.parse(HelmCharts.template(chart, "mon", "monitoring", sets));
    }

    public static Manifest find(List<Manifest> manifests, String kind, String name) {
        return manifests.stream().filter(m -> m.kind().equals(kind) && m.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in "
                        + manifests.stream().map(m -> m.kind() + " " + m.name()).toList()));
    }

    /** The value at a dotted path (list indexes as numbers) of a manifest. */
    @SuppressWarnings("unchecked")
    public static Object at(Object node, String path) {
        Object current = node instanceof Manifest manifest ? manifest.object() : node;
        for (String part : path.split("\\.")) {
            current = current instanceof List<?> list ? list.get(Integer.parseInt(part))
                    : ((Map<String, Object>) current).get(part);
        }
        return current;
    }
}

package io.matrixmon.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.yaml.snakeyaml.Yaml;

/**
 * The chart's Synapse metric catalog against the live /_synapse/metrics of every process type,
 * after the clients' traffic: each metric must appear exactly on the process types that
 * {@code synapse-metrics-by-process-type.yaml} records (for example, only the event persister
 * persists events, and the federation sender serves no HTTP).
 */
@Order(3)
@ExtendWith(SharedStack.class)
@Needs("synapse")
class SynapseMetricsIT {

    /** Where chart-templates keeps the catalog: the component bundle, or the older catalog directory. */
    private static final List<String> CATALOG = List.of("matrixmon/components/synapse/catalog.yaml",
            "matrixmon/catalog/synapse.yaml");

    @Test
    void everyCatalogMetricIsExposedByTheProcessTypesThatShouldExposeIt() throws Exception {
        // Synapse creates a series when it is first used: run first, this class would read a
        // homeserver that has not yet sent a message.
        SharedStack.stack().synapseClients.awaitTraffic("SynapseMetricsIT");
        Map<String, List<String>> expected = new TreeMap<>(yaml("/synapse-metrics-by-process-type.yaml"));
        Map<String, String> catalog = catalogSeries();
        assertEquals(catalog.keySet(), expected.keySet(),
                "synapse-metrics-by-process-type.yaml lists exactly the catalog's metrics");
        Map<String, Set<String>> exposedBy = new TreeMap<>();
        for (Synapse.Process process : Synapse.all()) {
            Set<String> series = exposedSeries(process);
            catalog.forEach((metric, seriesName) -> {
                if (series.contains(seriesName)) {
                    exposedBy.computeIfAbsent(metric, m -> new LinkedHashSet<>()).add(processType(process));
                }
            });
        }
        // [] is a metric the suite's traffic never creates (no remote homeserver, no pusher, no 5xx):
        // it must be exposed nowhere.
        Map<String, Set<String>> expectedSets = new TreeMap<>();
        expected.forEach((metric, types) -> {
            if (!types.isEmpty()) {
                expectedSets.put(metric, new LinkedHashSet<>(types));
            }
        });
        assertEquals(expectedSets, exposedBy, "process types (of Synapse 1.163) exposing each catalog metric");
    }

    /** Each catalog metric with the series name its exposition carries (histograms: _bucket). */
    @SuppressWarnings("unchecked")
    private static Map<String, String> catalogSeries() throws IOException {
        for (String resource : CATALOG) {
            try (InputStream in = SynapseMetricsIT.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    continue;
                }
                Map<String, String> series = new TreeMap<>();
                for (Map<String, Object> metric : (List<Map<String, Object>>) new Yaml().<Map<String, Object>>load(in)
                        .get("metrics")) {
                    String name = (String) metric.get("name");
                    series.put(name, "histogram".equals(metric.get("type")) ? name + "_bucket" : name);
                }
                return series;
            }
        }
        throw new IllegalStateException("no Synapse catalog on the class path at " + CATALOG);
    }

    /**
     * The series names of the process's exposition: the live one, or, when a scenario before this
     * class stopped the process, the one it had then (a process started again has not seen the
     * start-up's traffic, and Synapse creates a series when it is first used).
     */
    private Set<String> exposedSeries(Synapse.Process process) throws IOException {
        Synapse synapse = SharedStack.stack().synapse;
        Optional<String> kept = synapse.firstRunMetrics(process);
        kept.ifPresent(body -> System.out.println("SynapseMetricsIT: " + process.name() + " was stopped by a scenario"
                + " before: its /_synapse/metrics as it was then"));
        String body = kept.isPresent() ? kept.get() : synapse.metrics(process);
        keepExposition(process, body);
        Set<String> names = new LinkedHashSet<>();
        body.lines().filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .forEach(line -> names.add(line.split("[{ ]", 2)[0]));
        return names;
    }

    /**
     * Leaves the exposition under the suite's work directory: scripts/rule-cost.sh multiplies these
     * real expositions (one per process type) into many processes to measure the rules' cost.
     */
    private static void keepExposition(Synapse.Process process, String body) throws IOException {
        Path directory = Files.createDirectories(
                Path.of(System.getProperty("matrixmon.e2e.work")).resolve("synapse-expositions"));
        Files.writeString(directory.resolve(process.name() + ".prom"), body);
    }

    /** The LI instance is a main process of its own homeserver. */
    static String processType(Synapse.Process process) {
        return process == Synapse.LI ? "li" : process.workerType();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, List<String>> yaml(String resource) throws IOException {
        try (InputStream in = SynapseMetricsIT.class.getResourceAsStream(resource)) {
            return (Map<String, List<String>>) new Yaml().<Object>load(in);
        }
    }
}

package io.matrixmon.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Prometheus configuration prometheus-operator would generate from the chart's ServiceMonitors
 * and PodMonitors, written by the operator's own generator (the Go program in
 * {@code src/test/go/scrapeconfig}, built here with the machine's Go), with Kubernetes discovery
 * replaced by files that list the {@link Cluster}'s targets.
 */
final class ScrapeConfig {

    private final Path binary;
    private final Path work;
    private final String prometheusVersion;

    /** Builds the generator (Go's build and module caches make a rebuild quick). */
    ScrapeConfig(Path source, Path work) throws IOException, InterruptedException {
        this.work = work;
        this.binary = work.resolve("bin/scrapeconfig");
        run(source, Path.of("go"), "build", "-mod=readonly", "-o", binary.toString(), ".");
        this.prometheusVersion = prometheusVersion();
    }

    /**
     * Writes {@code prometheus.yml} and its target files into the work directory from the chart's
     * rendered manifests and the cluster; Prometheus's own scrape job is an additional scrape config,
     * as kube-prometheus-stack scrapes its Prometheus through a ServiceMonitor of its own.
     */
    void write(String manifests, Cluster cluster, String additionalScrapeConfigs) throws IOException,
            InterruptedException {
        Files.writeString(work.resolve("manifests.yaml"), manifests);
        Files.writeString(work.resolve("additional-scrape-configs.yaml"), additionalScrapeConfigs);
        cluster.write(work.resolve("cluster.json"));
        run(work, binary, "-manifests", "manifests.yaml", "-cluster", "cluster.json", "-rules", "rules.yml",
                "-additional", "additional-scrape-configs.yaml", "-prometheus-version", prometheusVersion,
                "-interval", "1s", "-out", ".");
    }

    /** The version of the Prometheus the suite runs, so the generator writes what it accepts. */
    private static String prometheusVersion() throws IOException, InterruptedException {
        String banner = run(Path.of("."), Path.of("prometheus"), "--version");
        Matcher version = Pattern.compile("prometheus, version (\\d+\\.\\d+\\.\\d+)").matcher(banner);
        if (!version.find()) {
            throw new IllegalStateException("prometheus --version printed no version: " + banner);
        }
        return version.group(1);
    }

    private static String run(Path directory, Path command, String... arguments) throws IOException,
            InterruptedException {
        List<String> full = new java.util.ArrayList<>(List.of(command.toString()));
        full.addAll(List.of(arguments));
        Process process = new ProcessBuilder(full).directory(directory.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", full) + " (in " + directory + ") failed: " + output);
        }
        return output;
    }
}

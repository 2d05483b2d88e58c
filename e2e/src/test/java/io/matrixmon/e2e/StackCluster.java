package io.matrixmon.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import com.marcnuri.helm.UpgradeCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The stack's Kubernetes side: a {@link ControlPlane} of its own (its ports offset from the
 * standard ones, so that KubernetesInstallIT's runs beside it) with kube-prometheus-stack 67.0.0's
 * Prometheus and Alertmanager objects, the {@link Cluster}'s Services and pods, and the chart
 * installed by helm-java as the release {@link #RELEASE} in {@link OperatorOutputs#NAMESPACE}. The
 * real prometheus-operator reconciles it; the suite runs what it wrote ({@link #writeConfiguration}).
 */
final class StackCluster implements AutoCloseable {

    static final String RELEASE = "e2e";
    /** The stack's control plane listens on the standard ports plus this. */
    static final int PORT_OFFSET = 100;
    /** Where the stack's kube-state-metrics listens, the pod {@link Stack#cluster()} gives it in the API server. */
    static final int KUBE_STATE_METRICS = ControlPlane.KUBE_STATE_METRICS + PORT_OFFSET;
    private static final Duration RECONCILE = Duration.ofSeconds(90);
    private static final String ADDITIONAL_SCRAPE_CONFIGS = "prometheus-kube-prometheus-prometheus-scrape-confg";

    final ControlPlane controlPlane;
    private final ClusterObjects objects;
    private final OperatorOutputs operator;
    private final Path archive;

    private StackCluster(ControlPlane controlPlane, Path archive) {
        this.controlPlane = controlPlane;
        this.objects = new ClusterObjects(controlPlane.api);
        this.operator = new OperatorOutputs(controlPlane.api, controlPlane.operatorPort());
        this.archive = archive;
    }

    /**
     * Starts the control plane and creates kube-prometheus-stack's objects, the Prometheus scraping
     * and evaluating every {@code interval} as the suite's install of the stack would set them
     * ({@code prometheus.prometheusSpec.scrapeInterval}, {@code evaluationInterval}), with
     * Prometheus's own scrape job as an additional scrape config (kube-prometheus-stack scrapes its
     * Prometheus through a Service of its own; the suite's Prometheus runs outside the cluster).
     */
    static StackCluster start(Path dir, Path archive, Path objectsFile, Cluster cluster, String interval,
            String selfScrapeConfig) throws Exception {
        ControlPlane controlPlane = ControlPlane.start(dir, PORT_OFFSET);
        try {
            StackCluster stack = new StackCluster(controlPlane, archive);
            KubePrometheusStack.create(controlPlane.api,
                    archive.resolveSibling("kube-prometheus-stack-values.yaml"), objectsFile);
            // kube-prometheus-stack's ServiceMonitor of its kube-state-metrics, beside the stack's objects.
            KubePrometheusStack.create(controlPlane.api, archive.resolveSibling("kube-prometheus-stack-values.yaml"),
                    objectsFile.resolveSibling("kube-state-metrics.yaml"));
            String secrets = "/api/v1/namespaces/" + OperatorOutputs.NAMESPACE + "/secrets";
            controlPlane.api.create(secrets, new ObjectMapper().writeValueAsString(Map.of(
                    "apiVersion", "v1", "kind", "Secret", "metadata", Map.of("name", ADDITIONAL_SCRAPE_CONFIGS),
                    "stringData", Map.of("additional-scrape-configs.yaml", selfScrapeConfig))));
            controlPlane.api.mergePatch("/apis/monitoring.coreos.com/v1/namespaces/" + OperatorOutputs.NAMESPACE
                    + "/prometheuses/" + OperatorOutputs.PROMETHEUS, """
                    {"spec": {"scrapeInterval": "%s", "evaluationInterval": "%s",
                      "additionalScrapeConfigs": {"name": "%s", "key": "additional-scrape-configs.yaml"}}}
                    """.formatted(interval, interval, ADDITIONAL_SCRAPE_CONFIGS));
            stack.objects.create(cluster);
            return stack;
        } catch (Exception | AssertionError e) {
            controlPlane.close();
            throw e;
        }
    }

    /**
     * {@code helm upgrade --install} of the archive with the values file and --set values, then waits until the operator
     * wrote exactly what the release's objects ask for (nothing rejected); fails with the differences.
     */
    void install(Path valuesFile, Map<String, Object> values) {
        long started = System.nanoTime();
        UpgradeCommand upgrade = Helm.upgrade(archive.toString()).install().withName(RELEASE)
                .withNamespace(OperatorOutputs.NAMESPACE).withKubeConfig(controlPlane.kubeconfig).withValuesFile(valuesFile);
        values.forEach(upgrade::set);
        Release release = upgrade.call();
        if (!"deployed".equals(release.getStatus())) {
            throw new IllegalStateException("helm upgrade --install of " + archive + ": " + release.getOutput());
        }
        long deadline = System.nanoTime() + RECONCILE.toNanos();
        List<String> problems = problems();
        while (!problems.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("prometheus-operator did not take the release within " + RECONCILE.toSeconds()
                        + " s: " + problems + "\n" + controlPlane.log("prometheus-operator"));
            }
            Processes.sleep(200);
            problems = problems();
        }
        System.out.printf("StackCluster: helm upgrade --install and the operator's configuration took %.1f s%n",
                (System.nanoTime() - started) / 1e9);
    }

    private List<String> problems() {
        List<String> problems = new ArrayList<>(OperatorCheck.problems(controlPlane.api, operator,
                OperatorOutputs.NAMESPACE));
        if (!operator.scrapeJobs().contains("prometheus")) {
            problems.add("no additional scrape job prometheus");
        }
        return problems;
    }

    /**
     * Writes the operator's Prometheus configuration (with what {@link SuiteScrapeConfig} adds) to
     * {@code prometheusYml}, its rule files under {@code rules/}, and its Alertmanager configuration
     * to {@code alertmanagerYml}.
     */
    void writeConfiguration(Cluster cluster, Path prometheusYml, Path rules, Path alertmanagerYml) throws IOException {
        ChartRules.deleteTree(rules);
        for (Map.Entry<String, Map<String, String>> configMap : operator.ruleFileTexts().entrySet()) {
            Path folder = Files.createDirectories(rules.resolve(configMap.getKey()));
            for (Map.Entry<String, String> file : configMap.getValue().entrySet()) {
                Files.writeString(folder.resolve(file.getKey()), file.getValue());
            }
        }
        Files.writeString(prometheusYml, SuiteScrapeConfig.of(operator.prometheusConfig(), cluster,
                controlPlane.kubeconfig, rules));
        Files.writeString(alertmanagerYml, operator.alertmanagerConfigText());
    }

    /** Deletes a pod, as when it disappears from Kubernetes. */
    void deletePod(Cluster.Pod pod) {
        objects.deletePod(pod);
    }

    /** Creates a pod again. */
    void createPod(Cluster.Pod pod) {
        objects.createPod(pod);
    }

    @Override
    public void close() {
        controlPlane.close();
    }
}

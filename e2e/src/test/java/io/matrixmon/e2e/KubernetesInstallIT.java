package io.matrixmon.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.yaml.snakeyaml.Yaml;

/**
 * The archive the build produced, installed as users install it: into a real API server
 * ({@link ControlPlane}) where kube-prometheus-stack 67.0.0's Prometheus and Alertmanager objects
 * select it, by the Helm 4 command line and by the plugin's Helm library (helm-java), each into its
 * own namespace. The real prometheus-operator reconciles it; the test reads what the operator wrote
 * (a scrape job for every monitor endpoint, every rule, the alert routing) and fails with the
 * operator's reason when it rejects anything. Then the release's life: upgrade, rollback, uninstall.
 * It needs no end-to-end stack; its ports do not clash with the stack's, so it runs last.
 */
@Order(9)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubernetesInstallIT {

    private static final String RELEASE = "matrixmon";
    private static final String CLI_NAMESPACE = "matrixmon-helm4";
    private static final String LIBRARY_NAMESPACE = "matrixmon-helm-java";
    private static final Duration RECONCILE = Duration.ofSeconds(90);

    private static ControlPlane cluster;
    private static KubernetesApi api;
    private static OperatorOutputs operator;
    private static Helm4 helm;
    private static Path archive;
    private static Path installValues;
    private static Path upgradeValues;
    private static Map<String, Map<String, Object>> installed;
    private static Map<String, Map<String, Object>> upgraded;
    private static Set<String> kinds;

    @BeforeAll
    static void startCluster() throws Exception {
        Path chart = Path.of(System.getProperty("matrixmon.chart"));
        archive = ChartRules.builtChart(chart);
        Path work = Path.of(System.getProperty("matrixmon.e2e.kubernetes"));
        installValues = resource("kubernetes/install-values.yaml");
        upgradeValues = resource("kubernetes/upgrade-values.yaml");
        cluster = ControlPlane.start(work.resolve("cluster"));
        System.out.printf("KubernetesInstallIT: control plane started in %.1f s%n", cluster.startup.toMillis() / 1000.0);
        api = cluster.api;
        operator = new OperatorOutputs(api, cluster.operatorPort());
        KubePrometheusStack.create(api, chart.resolveSibling("kube-prometheus-stack-values.yaml"),
                resource("kubernetes/kube-prometheus-stack.yaml"));
        helm = Helm4.pinned(work.resolve("helm-home"));
        installed = ReleaseObjects.rendered(helm("template", RELEASE, archive.toString(), "--namespace", CLI_NAMESPACE,
                "--values", installValues.toString()));
        upgraded = ReleaseObjects.rendered(helm("template", RELEASE, archive.toString(), "--namespace", CLI_NAMESPACE,
                "--values", installValues.toString(), "--values", upgradeValues.toString()));
        kinds = new TreeSet<>(ReleaseObjects.kinds(installed));
        kinds.addAll(ReleaseObjects.kinds(upgraded));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /**
     * The control plane works as a cluster does: a Job's pod is scheduled on kwok's node and
     * completes there, and kube-state-metrics reports it (what the sync system's alerts read).
     * With watch lists off in the API server (see ControlPlane) kwok completes it in a second or two.
     */
    @Test
    @Order(0)
    void runsAJobOnTheSimulatedNodeThatKubeStateMetricsReports() throws Exception {
        String namespace = "control-plane-check";
        api.create("/api/v1/namespaces", "{\"apiVersion\": \"v1\", \"kind\": \"Namespace\", \"metadata\": {\"name\": \""
                + namespace + "\"}}");
        api.create("/apis/batch/v1/namespaces/" + namespace + "/jobs", """
                {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "sync-check"},
                 "spec": {"backoffLimit": 0, "template": {"spec": {"restartPolicy": "Never",
                   "containers": [{"name": "sync", "image": "registry.invalid/sync:1"}]}}}}
                """);
        ControlPlane.await("the Job sync-check to succeed on " + ControlPlane.NODE, Duration.ofMinutes(3), () -> api
                .get("/apis/batch/v1/namespaces/" + namespace + "/jobs/sync-check").path("status").path("succeeded").asInt() == 1);
        JsonNode pod = api.list("/api/v1/namespaces/" + namespace + "/pods", "job-name=sync-check").get(0);
        assertEquals(ControlPlane.NODE, pod.path("spec").path("nodeName").asText(), pod::toString);
        String series = "kube_job_status_succeeded{namespace=\"" + namespace + "\",job_name=\"sync-check\"} 1";
        ControlPlane.await("kube-state-metrics to report " + series, RECONCILE,
                () -> cluster.kubeStateMetrics().lines().anyMatch(series::equals));
        api.delete("/api/v1/namespaces/" + namespace);
    }

    /** A default install leaves MinIO's bearer-token Secret to the user: until it exists the operator rejects the monitor. */
    @Test
    @Order(1)
    void rejectsTheMinioMonitorUntilTheSecretTheNotesNameExists() {
        String notes = helm("install", RELEASE, archive.toString(), "--namespace", CLI_NAMESPACE, "--create-namespace",
                "--values", installValues.toString());
        assertTrue(notes.contains("STATUS: deployed"), notes);
        String monitor = nameOf("ServiceMonitor", "minio");
        String job = "serviceMonitor/" + CLI_NAMESPACE + "/" + monitor + "/0";
        Map<String, Object> secret = minioSecret();

        ControlPlane.await("the operator to reject " + monitor, RECONCILE,
                () -> operator.rejections(CLI_NAMESPACE).stream().anyMatch(message -> message.contains(monitor))
                        && operator.rejected().keySet().stream().anyMatch(labels -> labels.contains("resource=\"ServiceMonitor\"")));
        List<String> reasons = operator.rejections(CLI_NAMESPACE);
        assertTrue(reasons.stream().anyMatch(reason -> reason.contains(monitor) && reason.contains((String) secret.get("name"))),
                () -> "the operator's reason does not name the Secret " + secret.get("name") + ": " + reasons);
        assertFalse(operator.scrapeJobs().contains(job), job + " is scraped although its monitor was rejected");
        List<String> problems = OperatorCheck.problems(api, operator, CLI_NAMESPACE);
        assertTrue(problems.contains("missing scrape job " + job)
                && problems.stream().anyMatch(problem -> problem.startsWith("the operator rejects")),
                () -> "the check that every other test waits for does not see the rejection: " + problems);
        assertTrue(notes.contains((String) secret.get("name")), () -> "helm install's NOTES do not name the Secret:\n" + notes);
        // Installing for real, the NOTES ask the cluster: the Secret is missing, and which Prometheus selects the release.
        assertTrue(notes.contains("Until it exists, prometheus-operator rejects the MinIO ServiceMonitor"), notes);
        assertTrue(notes.contains("kubectl port-forward -n monitoring svc/prometheus-operated 9090:9090"
                + "   # Prometheus monitoring/prometheus-kube-prometheus-prometheus"), notes);
        assertFalse(notes.contains("WARNING"), notes);
        String unselected = helm("install", "unselected", archive.toString(), "--namespace", CLI_NAMESPACE,
                "--values", installValues.toString(), "--set", "commonLabels.release=nobody", "--dry-run=server");
        assertTrue(unselected.contains("WARNING: no Prometheus in this cluster selects both the ServiceMonitors and the"
                + " PrometheusRules of this\nrelease"), unselected);

        // What the NOTES tell the user to do (the token is what `mc admin prometheus generate` prints).
        api.create("/api/v1/namespaces/" + CLI_NAMESPACE + "/secrets", """
                {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "%s"}, "stringData": {"%s": "a-minio-token"}}
                """.formatted(secret.get("name"), secret.get("key")));
        awaitOperatorTook(CLI_NAMESPACE);
        assertTrue(operator.scrapeJobs().contains(job), job + " is not scraped after the Secret was created");
        assertEquals(installed.keySet(), ReleaseObjects.inCluster(api, CLI_NAMESPACE, RELEASE, kinds).keySet(),
                "the objects of the release after helm install");
    }

    @Test
    @Order(2)
    void installsWithThePluginsHelmLibraryIntoAnotherNamespace() {
        api.create("/api/v1/namespaces", "{\"apiVersion\": \"v1\", \"kind\": \"Namespace\", \"metadata\": {\"name\": \""
                + LIBRARY_NAMESPACE + "\"}}");
        Map<String, Object> secret = minioSecret();
        api.create("/api/v1/namespaces/" + LIBRARY_NAMESPACE + "/secrets", """
                {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "%s"}, "stringData": {"%s": "a-minio-token"}}
                """.formatted(secret.get("name"), secret.get("key")));
        Release release = Helm.install(archive.toString()).withName(RELEASE).withNamespace(LIBRARY_NAMESPACE)
                .withKubeConfig(cluster.kubeconfig).withValuesFile(installValues).withValuesFile(upgradeValues).call();
        assertEquals("deployed", release.getStatus(), release::getOutput);
        awaitOperatorTook(LIBRARY_NAMESPACE);
        assertEquals(upgraded.keySet(), ReleaseObjects.inCluster(api, LIBRARY_NAMESPACE, RELEASE, kinds).keySet(),
                "the objects of the release helm-java installed");
        assertFalse(api.list(ReleaseObjects.collection("monitoring.coreos.com/v1alpha1/AlertmanagerConfig", LIBRARY_NAMESPACE),
                "").isEmpty(), "the alert routing values rendered no AlertmanagerConfig");
        // Both releases side by side: each namespace's objects are all taken.
        awaitOperatorTook(CLI_NAMESPACE);
    }

    /** helm upgrade changes exactly the objects whose rendering changed, and the operator follows. */
    @Test
    @Order(3)
    void upgradeChangesExactlyTheObjectsWhoseRenderingChanged() {
        Map<String, String> before = ReleaseObjects.inCluster(api, CLI_NAMESPACE, RELEASE, kinds);
        assertEquals(installed.keySet(), before.keySet(), "the objects of the release after helm install");
        String notes = helm("upgrade", RELEASE, archive.toString(), "--namespace", CLI_NAMESPACE, "--values",
                installValues.toString(), "--values", upgradeValues.toString());
        assertFalse(notes.contains("MinIO serves metrics only to a bearer token"), () -> "the Secret exists now:\n" + notes);
        Map<String, String> after = ReleaseObjects.inCluster(api, CLI_NAMESPACE, RELEASE, kinds);
        assertEquals(upgraded.keySet(), after.keySet(), "the objects of the release after helm upgrade");

        Set<String> expected = new TreeSet<>();
        Set<String> changed = new TreeSet<>();
        for (String key : installed.keySet()) {
            if (upgraded.containsKey(key)) {
                if (!installed.get(key).equals(upgraded.get(key))) {
                    expected.add(key);
                }
                if (!before.get(key).equals(after.get(key))) {
                    changed.add(key);
                }
            }
        }
        assertTrue(expected.contains("PrometheusRule/" + nameOf("PrometheusRule", "synapse")), expected::toString);
        assertEquals(expected, changed, "the objects helm upgrade changed (by resourceVersion) against those rendered differently");

        awaitOperatorTook(CLI_NAMESPACE);
        assertTrue(synapseHighCpuExpression().endsWith("> 0.65"), synapseHighCpuExpression());
        assertFalse(operator.scrapeJobs().stream().anyMatch(job -> job.contains("coturn")),
                () -> "a coturn job is still scraped: " + operator.scrapeJobs());
    }

    @Test
    @Order(4)
    void rollbackRestoresTheInstalledObjects() {
        helm("rollback", RELEASE, "1", "--namespace", CLI_NAMESPACE);
        assertEquals(installed.keySet(), ReleaseObjects.inCluster(api, CLI_NAMESPACE, RELEASE, kinds).keySet(),
                "the objects of the release after helm rollback to the install");
        awaitOperatorTook(CLI_NAMESPACE);
        assertTrue(synapseHighCpuExpression().endsWith("> 0.8"), synapseHighCpuExpression());
        assertTrue(operator.scrapeJobs().stream().anyMatch(job -> job.contains("coturn")),
                () -> "coturn is not scraped after the rollback: " + operator.scrapeJobs());
    }

    @Test
    @Order(5)
    void uninstallLeavesNothingOfTheChartBehind() {
        helm("uninstall", RELEASE, "--namespace", CLI_NAMESPACE);
        Helm.uninstall(RELEASE).withNamespace(LIBRARY_NAMESPACE).withKubeConfig(cluster.kubeconfig).call();
        List<String> left = new ArrayList<>();
        for (String kind : kinds) {
            for (JsonNode object : api.list(ReleaseObjects.collection(kind, null), ReleaseObjects.INSTANCE_LABEL + "=" + RELEASE)) {
                left.add(kind + " " + object.path("metadata").path("namespace").asText() + "/"
                        + object.path("metadata").path("name").asText());
            }
        }
        api.list("/api/v1/secrets", "owner=helm").forEach(release -> left.add("Helm's release record "
                + release.path("metadata").path("namespace").asText() + "/" + release.path("metadata").path("name").asText()));
        assertEquals(List.of(), left, "what helm uninstall left behind");
        awaitOperatorTook(CLI_NAMESPACE);
        awaitOperatorTook(LIBRARY_NAMESPACE);
    }

    /**
     * Waits until what the operator wrote matches the namespace's monitoring objects exactly: a
     * scrape job for every ServiceMonitor and PodMonitor endpoint, a rule file with every rule of
     * every PrometheusRule, the receivers, routes and inhibit rules of every AlertmanagerConfig, and
     * nothing of objects that are gone; and until the operator rejects nothing.
     */
    private static void awaitOperatorTook(String namespace) {
        long deadline = System.nanoTime() + RECONCILE.toNanos();
        List<String> problems = OperatorCheck.problems(api, operator, namespace);
        while (!problems.isEmpty() && System.nanoTime() < deadline) {
            Processes.sleep(500);
            problems = OperatorCheck.problems(api, operator, namespace);
        }
        assertEquals(List.of(), problems, "what prometheus-operator made of the objects in " + namespace
                + " (its InvalidConfiguration events: " + operator.rejections(namespace) + ")");
        long jobs = operator.scrapeJobs().stream().filter(job -> job.contains("/" + namespace + "/")).count();
        long rules = operator.ruleFiles().entrySet().stream().filter(file -> file.getKey().startsWith(namespace + "-"))
                .mapToLong(file -> file.getValue().size()).sum();
        System.out.printf("KubernetesInstallIT: the operator took %s: %d scrape jobs, %d rules (%.1f s)%n", namespace, jobs,
                rules, (System.nanoTime() - deadline + RECONCILE.toNanos()) / 1e9);
    }

    private static String synapseHighCpuExpression() {
        String file = CLI_NAMESPACE + "-" + nameOf("PrometheusRule", "synapse") + "-";
        return operator.ruleFiles().entrySet().stream().filter(entry -> entry.getKey().startsWith(file))
                .flatMap(entry -> entry.getValue().entrySet().stream())
                .filter(rule -> rule.getKey().endsWith("/SynapseHighCPU")).map(Map.Entry::getValue)
                .findFirst().orElseThrow(() -> new AssertionError("no SynapseHighCPU in " + operator.ruleFiles().keySet()));
    }

    /** The name of the release's object of a kind and component (its app.kubernetes.io/component). */
    private static String nameOf(String kind, String component) {
        return installed.values().stream().filter(object -> kind.equals(object.get("kind")))
                .map(ReleaseObjects::metadata)
                .filter(metadata -> component.equals(((Map<?, ?>) metadata.get("labels")).get("app.kubernetes.io/component")))
                .map(metadata -> (String) metadata.get("name")).findFirst()
                .orElseThrow(() -> new AssertionError("the chart renders no " + kind + " of " + component));
    }

    /** minio.bearerTokenSecret of the chart's values: the Secret's name and key. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> minioSecret() {
        Map<String, Object> values = new Yaml().load(helm("show", "values", archive.toString()));
        return (Map<String, Object>) ((Map<String, Object>) values.get("minio")).get("bearerTokenSecret");
    }

    /** Helm 4 on the suite's API server. */
    private static String helm(String... arguments) {
        return helm.tryRun(null, Map.of("KUBECONFIG", cluster.kubeconfig.toString()), arguments).ok();
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(KubernetesInstallIT.class.getResource("/" + name).toURI());
    }
}

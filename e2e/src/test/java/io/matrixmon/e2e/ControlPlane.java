package io.matrixmon.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.matrixmon.core.PinnedTools;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/**
 * A real Kubernetes control plane on 127.0.0.1, as small as a cluster that runs kube-prometheus-stack
 * can be: etcd (Debian's), kube-apiserver, kube-controller-manager and kube-scheduler, one node
 * simulated by kwok, prometheus-operator with the CRDs of its release and kube-state-metrics, each
 * the version scripts/tools.pins pins. Every process is stopped by {@link #close()}.
 */
final class ControlPlane implements AutoCloseable {

    static final int ETCD = 12379;
    static final int ETCD_PEER = 12380;
    static final int API_SERVER = 16443;
    static final int CONTROLLER_MANAGER = 20257;
    static final int SCHEDULER = 20259;
    static final int KWOK = 20260;
    static final int OPERATOR = 20080;
    static final int KUBE_STATE_METRICS = 20081;
    static final int KUBE_STATE_METRICS_TELEMETRY = 20082;
    static final String NODE = "kwok-node-0";

    /**
     * The controllers a cluster of Jobs needs (1.37 names; an unknown name is fatal): service accounts
     * and their tokens for pods, namespace deletion, owner references, Endpoints and EndpointSlices of
     * Services (Prometheus's endpoints discovery, as the operator configures it, reads Endpoints),
     * CronJobs and Jobs.
     */
    private static final List<String> CONTROLLERS = List.of("serviceaccount-controller", "serviceaccount-token-controller",
            "namespace-controller", "garbage-collector-controller", "endpoints-controller", "endpointslice-controller",
            "cronjob-controller",
            "job-controller");

    final KubernetesApi api;
    final Path kubeconfig;
    /** Added to every standard port, so that two control planes can run side by side (the stack's and the install test's). */
    final int portOffset;
    /** The operator's CRDs, as scripts/tools.sh copied them from its module. */
    final Path crds;
    /** How long the start took, PKI to kube-state-metrics. */
    final Duration startup;

    private final Processes processes;

    private ControlPlane(Processes processes, KubernetesApi api, Path kubeconfig, Path crds, Duration startup,
            int portOffset) {
        this.processes = processes;
        this.portOffset = portOffset;
        this.api = api;
        this.kubeconfig = kubeconfig;
        this.crds = crds;
        this.startup = startup;
    }

    /** Starts everything in a fresh directory on the standard ports; on any failure what was started is stopped again. */
    static ControlPlane start(Path dir) throws IOException, GeneralSecurityException {
        return start(dir, 0);
    }

    /** Starts everything in a fresh directory, each port the standard one plus the offset. */
    static ControlPlane start(Path dir, int offset) throws IOException, GeneralSecurityException {
        int etcd = ETCD + offset, etcdPeer = ETCD_PEER + offset, apiServer = API_SERVER + offset;
        int controllerManager = CONTROLLER_MANAGER + offset, scheduler = SCHEDULER + offset, kwok = KWOK + offset;
        int operatorPort = OPERATOR + offset, kubeStateMetrics = KUBE_STATE_METRICS + offset;
        int kubeStateMetricsTelemetry = KUBE_STATE_METRICS_TELEMETRY + offset;
        long started = System.nanoTime();
        ChartRules.deleteTree(dir);
        PinnedTools.Tool kubernetes = PinnedTools.reference("kubernetes");
        PinnedTools.Tool operator = PinnedTools.reference("prometheus-operator");
        Path crds = operator.bin().resolveSibling("prometheus-operator-crd");
        Processes processes = new Processes(dir.resolve("logs"));
        try {
            KubernetesPki pki = KubernetesPki.create(dir.resolve("pki"));
            Path kubeconfig = writeKubeconfig(dir.resolve("kubeconfig"), pki, apiServer);
            String kubeconfigFile = kubeconfig.toString();
            processes.start("etcd", etcd, Map.of(), "etcd", "--name", "e2e", "--data-dir", dir.resolve("etcd").toString(),
                    "--listen-client-urls", "http://127.0.0.1:" + etcd, "--advertise-client-urls", "http://127.0.0.1:" + etcd,
                    "--listen-peer-urls", "http://127.0.0.1:" + etcdPeer,
                    "--initial-advertise-peer-urls", "http://127.0.0.1:" + etcdPeer,
                    "--initial-cluster", "e2e=http://127.0.0.1:" + etcdPeer);
            processes.launch("kube-apiserver", apiServer, Map.of(), kubernetes.binary("kube-apiserver").toString(),
                    "--etcd-servers=http://127.0.0.1:" + etcd, "--bind-address=127.0.0.1", "--advertise-address=127.0.0.1",
                    "--secure-port=" + apiServer, "--endpoint-reconciler-type=none",
                    "--tls-cert-file=" + pki.serverCert, "--tls-private-key-file=" + pki.serverKey,
                    "--client-ca-file=" + pki.ca, "--authorization-mode=Node,RBAC",
                    "--service-account-issuer=https://kubernetes.default.svc",
                    "--service-account-key-file=" + pki.serviceAccountPublicKey,
                    "--service-account-signing-key-file=" + pki.serviceAccountKey,
                    "--service-cluster-ip-range=10.96.0.0/16", "--enable-priority-and-fairness=false",
                    // Debian's etcd 3.4.23 lacks the watch progress requests a watch-list stream needs; the
                    // API server with watch lists on refuses such streams after accepting them, and kwok's
                    // informers (client-go 0.33) retry them with a growing back-off, reacting 20 s to minutes
                    // late. Off, the server refuses them at once and every client falls back to list and watch.
                    "--feature-gates=WatchList=false");
            processes.awaitListening("kube-apiserver", Duration.ofSeconds(30));
            KubernetesApi api = new KubernetesApi(URI.create("https://127.0.0.1:" + apiServer), pki.adminKeyStore,
                    KubernetesPki.KEY_STORE_PASSWORD, pki.ca);
            await("the API server's /readyz", Duration.ofSeconds(60), api::ready);

            processes.launch("kube-controller-manager", controllerManager, Map.of(),
                    kubernetes.binary("kube-controller-manager").toString(), "--kubeconfig=" + kubeconfigFile,
                    "--bind-address=127.0.0.1", "--secure-port=" + controllerManager, "--cert-dir=" + dir.resolve("controller-manager"),
                    "--leader-elect=false", "--controllers=" + String.join(",", CONTROLLERS),
                    "--service-account-private-key-file=" + pki.serviceAccountKey, "--root-ca-file=" + pki.ca,
                    "--use-service-account-credentials=false");
            processes.launch("kube-scheduler", scheduler, Map.of(), kubernetes.binary("kube-scheduler").toString(),
                    "--kubeconfig=" + kubeconfigFile, "--bind-address=127.0.0.1", "--secure-port=" + scheduler,
                    "--cert-dir=" + dir.resolve("scheduler"), "--leader-elect=false");
            // Its own configuration file, so that the user's ~/.kwok/kwok.yaml is not read.
            Path kwokConfig = Files.writeString(dir.resolve("kwok.yaml"),
                    "apiVersion: config.kwok.x-k8s.io/v1alpha1\nkind: KwokConfiguration\noptions: {}\n");
            processes.launch("kwok", kwok, Map.of(), PinnedTools.reference("kwok").binary("kwok").toString(),
                    "--config=" + kwokConfig, "--kubeconfig=" + kubeconfigFile, "--server-address=127.0.0.1:" + kwok,
                    "--manage-all-nodes=false", "--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake",
                    "--manage-nodes-with-label-selector=", "--disregard-status-with-annotation-selector=kwok.x-k8s.io/status=custom",
                    "--disregard-status-with-label-selector=", "--cidr=10.0.0.1/24", "--node-ip=10.0.0.1");
            applyCrds(api, crds);
            addNode(api);
            processes.launch("prometheus-operator", operatorPort, Map.of(), operator.binary("operator").toString(),
                    "--apiserver=https://127.0.0.1:" + apiServer, "--ca-file=" + pki.ca, "--cert-file=" + pki.adminCert,
                    "--key-file=" + pki.adminKey, "--web.listen-address=127.0.0.1:" + operatorPort);
            processes.launch("kube-state-metrics", kubeStateMetrics, Map.of(),
                    PinnedTools.reference("kube-state-metrics").binary("kube-state-metrics").toString(),
                    "--kubeconfig=" + kubeconfigFile, "--host=127.0.0.1", "--port=" + kubeStateMetrics,
                    "--telemetry-host=127.0.0.1", "--telemetry-port=" + kubeStateMetricsTelemetry,
                    "--resources=cronjobs,jobs,pods");
            for (String name : List.of("kube-controller-manager", "kube-scheduler", "kwok", "prometheus-operator",
                    "kube-state-metrics")) {
                processes.awaitListening(name, Duration.ofSeconds(60));
            }
            return new ControlPlane(processes, api, kubeconfig, crds, Duration.ofNanos(System.nanoTime() - started), offset);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            processes.close();
            throw e;
        }
    }

    /** The CRDs, applied server side (the Prometheus CRD is too large for kubectl's client-side annotation). */
    private static void applyCrds(KubernetesApi api, Path crds) throws IOException {
        List<Path> files;
        try (Stream<Path> listed = Files.list(crds)) {
            files = listed.filter(file -> file.toString().endsWith(".yaml")).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IllegalStateException("no CRDs in " + crds + "; run scripts/tools.sh install");
        }
        for (Path file : files) {
            String crd = Files.readString(file);
            Map<String, Object> metadata = new Yaml().<Map<String, Map<String, Object>>>load(crd).get("metadata");
            String path = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/" + metadata.get("name");
            api.apply(path, crd);
            await("the CRD " + metadata.get("name") + " established", Duration.ofSeconds(30), () -> established(api.get(path)));
        }
    }

    private static boolean established(JsonNode crd) {
        for (JsonNode condition : crd.path("status").path("conditions")) {
            if ("Established".equals(condition.path("type").asText()) && "True".equals(condition.path("status").asText())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The node kwok simulates. The API server gives a new node the not-ready taint, which only the
     * node lifecycle controller (not run: no kubelet reports) would take off; it is taken off here.
     */
    private static void addNode(KubernetesApi api) {
        api.create("/api/v1/nodes", """
                {"apiVersion": "v1", "kind": "Node", "metadata": {"name": "%s",
                  "annotations": {"kwok.x-k8s.io/node": "fake"},
                  "labels": {"type": "kwok", "kubernetes.io/hostname": "%s", "kubernetes.io/os": "linux"}}}
                """.formatted(NODE, NODE));
        api.mergePatch("/api/v1/nodes/" + NODE, "{\"spec\": {\"taints\": null}}");
    }

    /** The admin's kubeconfig, readable by its owner only (Helm warns about any other). */
    private static Path writeKubeconfig(Path file, KubernetesPki pki, int apiServer) throws IOException {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        return Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: matrixmon-e2e
                    cluster:
                      server: https://127.0.0.1:%d
                      certificate-authority: %s
                users:
                  - name: admin
                    user:
                      client-certificate: %s
                      client-key: %s
                contexts:
                  - name: matrixmon-e2e
                    context:
                      cluster: matrixmon-e2e
                      user: admin
                current-context: matrixmon-e2e
                """.formatted(apiServer, pki.ca, pki.adminCert, pki.adminKey));
    }

    /** Polls a condition every 200 ms; fails naming it after the timeout. */
    static void await(String what, Duration timeout, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            Processes.sleep(200);
        }
    }

    /** prometheus-operator's /metrics port. */
    int operatorPort() {
        return OPERATOR + portOffset;
    }

    /** What kube-state-metrics exposes now. */
    String kubeStateMetrics() {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + (KUBE_STATE_METRICS + portOffset)
                    + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new IllegalStateException("kube-state-metrics did not answer: " + e.getMessage() + "\n" + processes.tail("kube-state-metrics"), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The end of a process's log, for failure messages. */
    String log(String name) {
        return processes.tail(name);
    }

    @Override
    public void close() {
        processes.close();
    }
}

package io.matrixmon.e2e;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link Cluster}'s Services and Pods in the API server. The pods are bound to kwok's node but
 * marked for kwok to leave their status alone ({@code kwok.x-k8s.io/status=custom}, as the control
 * plane starts kwok): the suite writes it, Running and Ready at the pod's placeholder address, as a
 * kubelet would. The controller manager writes the Services' Endpoints and EndpointSlices from them.
 */
final class ClusterObjects {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesApi api;

    ClusterObjects(KubernetesApi api) {
        this.api = api;
    }

    /** Creates the namespaces (unless they exist), every Service and every pod. */
    void create(Cluster cluster) {
        for (String namespace : cluster.pods().stream().map(Cluster.Pod::namespace).distinct().toList()) {
            if (api.get("/api/v1/namespaces/" + namespace) == null) {
                api.create("/api/v1/namespaces", json(Map.of("apiVersion", "v1", "kind", "Namespace",
                        "metadata", Map.of("name", namespace))));
            }
            // The admission of a pod needs the namespace's default service account, which a controller creates.
            ControlPlane.await("the service account default in " + namespace, Duration.ofSeconds(30),
                    () -> api.get("/api/v1/namespaces/" + namespace + "/serviceaccounts/default") != null);
        }
        for (Cluster.Pod pod : cluster.pods()) {
            if (pod.service() != null) {
                createService(pod);
            }
            createPod(pod);
        }
    }

    /** The pod as a kubelet reports it after its container started. */
    void createPod(Cluster.Pod pod) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", pod.name());
        metadata.put("labels", pod.labels());
        metadata.put("annotations", Map.of("kwok.x-k8s.io/status", "custom"));
        Map<String, Object> container = Map.of("name", pod.container(), "image", "registry.invalid/" + pod.container() + ":e2e",
                "ports", List.of(Map.of("name", pod.portName(), "containerPort", pod.port(), "protocol", "TCP")));
        api.create(pods(pod), json(Map.of("apiVersion", "v1", "kind", "Pod", "metadata", metadata,
                "spec", Map.of("nodeName", ControlPlane.NODE, "containers", List.of(container)))));
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("phase", "Running");
        status.put("hostIP", "10.0.0.1");
        status.put("podIP", pod.address());
        status.put("podIPs", List.of(Map.of("ip", pod.address())));
        status.put("conditions", List.of(Map.of("type", "Ready", "status", "True"),
                Map.of("type", "ContainersReady", "status", "True")));
        api.mergePatch(pods(pod) + "/" + pod.name() + "/status", json(Map.of("status", status)));
    }

    /** Deletes the pod at once, as {@code kubectl delete --force --grace-period=0} does (no kubelet confirms it). */
    void deletePod(Cluster.Pod pod) {
        api.delete(pods(pod) + "/" + pod.name() + "?gracePeriodSeconds=0");
        ControlPlane.await("the pod " + pod.name() + " deleted", Duration.ofSeconds(30),
                () -> api.get(pods(pod) + "/" + pod.name()) == null);
    }

    private void createService(Cluster.Pod pod) {
        Cluster.Service service = pod.service();
        api.create("/api/v1/namespaces/" + pod.namespace() + "/services", json(Map.of("apiVersion", "v1", "kind", "Service",
                "metadata", Map.of("name", service.name(), "labels", service.labels()),
                "spec", Map.of("selector", service.selector(), "ports", List.of(Map.of("name", pod.portName(),
                        "port", pod.port(), "targetPort", pod.portName(), "protocol", "TCP"))))));
    }

    private static String pods(Cluster.Pod pod) {
        return "/api/v1/namespaces/" + pod.namespace() + "/pods";
    }

    private static String json(Object object) {
        try {
            return JSON.writeValueAsString(object);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

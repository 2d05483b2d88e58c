package io.matrixmon.e2e;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pods Kubernetes would run for the suite's processes, as their charts and operators label
 * them: each pod with its labels, its one container's named port (the number a real deployment
 * uses) and the Service in front of it, if any. In the API server each pod has an address of the
 * documentation range 192.0.2.0/24 (Endpoints and EndpointSlices refuse loopback addresses); the
 * process really listens on 127.0.0.1 at {@link Pod#loopbackPort()}, where Prometheus's scrape
 * configuration sends it ({@link SuiteScrapeConfig}).
 */
final class Cluster {

    static final String NAMESPACE = "matrix";
    private static final String PLACEHOLDER_NETWORK = "192.0.2.";

    /** A Service: its name, labels and the labels of the pods it selects. */
    record Service(String name, Map<String, String> labels, Map<String, String> selector) {
    }

    record Pod(String namespace, String name, Map<String, String> labels, String container, String portName, int port,
            int loopbackPort, String address, Service service) {

        /** Where Kubernetes discovery finds the pod's port: its placeholder address and the container port. */
        String discoveredAddress() {
            return address + ":" + port;
        }
    }

    private final List<Pod> pods = new ArrayList<>();

    /** A pod in the suite's namespace behind a Service named after it that carries the same labels (as Helm charts label both). */
    Cluster podWithService(String name, Map<String, String> labels, String container, String portName, int port,
            int loopbackPort) {
        return add(NAMESPACE, name, labels, container, portName, port, loopbackPort,
                new Service(serviceName(name), labels, labels));
    }

    /** A pod no Service selects on its metrics port (CloudNativePG's instances are scraped as pods). */
    Cluster pod(String name, Map<String, String> labels, String container, String portName, int port, int loopbackPort) {
        return add(NAMESPACE, name, labels, container, portName, port, loopbackPort, null);
    }

    /** A pod in another namespace behind a Service labelled otherwise than its pods (kube-prometheus-stack's). */
    Cluster podWithService(String namespace, String name, Map<String, String> labels, String container, String portName,
            int port, int loopbackPort, Service service) {
        return add(namespace, name, labels, container, portName, port, loopbackPort, service);
    }

    private Cluster add(String namespace, String name, Map<String, String> labels, String container, String portName,
            int port, int loopbackPort, Service service) {
        pods.add(new Pod(namespace, name, new LinkedHashMap<>(labels), container, portName, port, loopbackPort,
                PLACEHOLDER_NETWORK + (pods.size() + 10), service));
        return this;
    }

    List<Pod> pods() {
        return List.copyOf(pods);
    }

    Pod pod(String name) {
        return pods.stream().filter(pod -> pod.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no pod " + name + " in the suite's cluster"));
    }

    /** A StatefulSet's pod "redis-0" is served by the Service "redis". */
    private static String serviceName(String podName) {
        return podName.replaceFirst("-\\d+$", "");
    }
}

package io.matrixmon.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Kubernetes objects the suite pretends to run: each pod with its labels, its one container's
 * metrics port (the number Kubernetes would see, and where the real process listens on
 * 127.0.0.1), and the Service in front of it. The scrape configuration generator turns them into
 * the targets Kubernetes discovery would find, with their __meta_kubernetes_* labels.
 */
final class Cluster {

    static final String NAMESPACE = "matrix";

    record Port(String name, int number, String address) {
    }

    record Service(String name, Map<String, String> labels) {
    }

    record Pod(String namespace, String name, Map<String, String> labels, String container, List<Port> ports,
            Service service) {
    }

    private final List<Pod> pods = new ArrayList<>();

    /** A pod behind a Service that carries the same labels (as Helm charts label both). */
    Cluster podWithService(String name, Map<String, String> labels, String container, String portName, int port,
            int loopbackPort) {
        return add(new Pod(NAMESPACE, name, labels, container,
                List.of(new Port(portName, port, "127.0.0.1:" + loopbackPort)),
                new Service(serviceName(name), labels)));
    }

    /** A pod no Service selects on its metrics port (CloudNativePG's instances are scraped as pods). */
    Cluster pod(String name, Map<String, String> labels, String container, String portName, int port,
            int loopbackPort) {
        return add(new Pod(NAMESPACE, name, labels, container,
                List.of(new Port(portName, port, "127.0.0.1:" + loopbackPort)), null));
    }

    private Cluster add(Pod pod) {
        pods.add(pod);
        return this;
    }

    /** The same cluster without one pod, as when it is deleted. */
    Cluster without(String podName) {
        Cluster rest = new Cluster();
        pods.stream().filter(p -> !p.name().equals(podName)).forEach(rest::add);
        return rest;
    }

    List<Pod> pods() {
        return List.copyOf(pods);
    }

    void write(Path file) throws IOException {
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), Map.of("pods", pods));
    }

    /** A StatefulSet's pod "redis-0" is served by the Service "redis". */
    private static String serviceName(String podName) {
        return podName.replaceFirst("-\\d+$", "");
    }
}

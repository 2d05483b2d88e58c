package io.matrixmon.core.component;

import io.matrixmon.core.descriptor.DescriptorLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Test helper: the shipped bundles, the throw-away one of the test resources, what they declare. */
public final class Bundles {

    /** A copy of the redis bundle with its names changed (component valkey, alerts Valkey*). */
    public static final Path THROWAWAY = testResource("throwaway-bundle/valkey");
    /** The runbook pages of the throw-away bundle's alerts. */
    public static final Path THROWAWAY_RUNBOOKS = testResource("throwaway-bundle/runbooks");
    /** The runbook pages of the shipped alerts: the project's site. */
    public static final Path RUNBOOKS = Path.of("../src/site/markdown/runbooks");

    private Bundles() {
    }

    /** A folder of the test resources, wherever the test runs (surefire and failsafe differ). */
    private static Path testResource(String folder) {
        try {
            return Path.of(Bundles.class.getClassLoader().getResource(folder).toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The shipped bundles and the throw-away one. */
    public static Components withThrowaway() {
        return Components.embedded().plus(THROWAWAY, THROWAWAY_RUNBOOKS);
    }

    /** What the bundles declare, as the model gives it to templates: name to {alerts, dashboard}. */
    @SuppressWarnings("unchecked")
    public static Map<String, Map<String, Object>> declared(Components components) {
        try {
            return (Map<String, Map<String, Object>>) new DescriptorLoader(components).load((String) null, "default")
                    .model().get("components");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The inhibitions the bundles declare, as the model gives them to templates: component,
     * source, target and equal (the labels both must agree on).
     */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> inhibitions(Components components) {
        try {
            return (List<Map<String, Object>>) new DescriptorLoader(components).load((String) null, "default").model()
                    .get("inhibitions");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The alerts a bundle declares. */
    @SuppressWarnings("unchecked")
    public static List<String> alerts(Components components, String component) {
        return (List<String>) declared(components).get(component).get("alerts");
    }

    /** Every alert every bundle declares, in bundle order. */
    public static List<String> allAlerts(Components components) {
        return declared(components).keySet().stream().flatMap(name -> alerts(components, name).stream()).toList();
    }

    /** The bundles that have a dashboard. */
    public static List<String> dashboards(Components components) {
        return declared(components).entrySet().stream().filter(e -> Boolean.TRUE.equals(e.getValue().get("dashboard")))
                .map(Map.Entry::getKey).toList();
    }
}

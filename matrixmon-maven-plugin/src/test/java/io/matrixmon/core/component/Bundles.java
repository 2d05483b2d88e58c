package io.matrixmon.core.component;

import io.matrixmon.core.descriptor.Declarations;
import io.matrixmon.core.descriptor.DescriptorLoader;
import java.nio.file.Path;
import java.util.List;

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

    /** What the bundles declare: their alerts, objectives, dashboards and inhibitions, typed. */
    public static Declarations declared(Components components) {
        return new DescriptorLoader(components).declarations();
    }

    /** The inhibitions the bundles declare: which alert mutes which less severe one, on which labels. */
    public static List<Declarations.Inhibition> inhibitions(Components components) {
        return declared(components).inhibitions();
    }

    /** The alerts a bundle declares. */
    public static List<String> alerts(Components components, String component) {
        return List.copyOf(declared(components).component(component).orElseThrow().alerts().keySet());
    }

    /** Every alert every bundle declares, in bundle order. */
    public static List<String> allAlerts(Components components) {
        return List.copyOf(declared(components).alerts().keySet());
    }

    /** The bundles that have a dashboard. */
    public static List<String> dashboards(Components components) {
        return declared(components).withDashboards();
    }
}

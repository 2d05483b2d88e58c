package io.matrixmon.e2e;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;

/**
 * Which components a run starts: {@code -Dmatrixmon.e2e.components=redis,key-vault} starts those
 * and what they need; without the property, all of them. Prometheus, Alertmanager and the control
 * plane always run: they are the suite, not a component under test.
 */
final class Components {

    static final String PROPERTY = "matrixmon.e2e.components";

    /** Every component the suite can run, by its bundle's name, in the order they start. */
    static final List<String> ALL = List.of("redis", "postgresql", "haproxy", "synapse", "key-vault");

    /**
     * What a component needs started with it, the one place that says so: Synapse keeps its data
     * in PostgreSQL and its processes replicate through Redis.
     */
    static final Map<String, List<String>> NEEDS = Map.of("synapse", List.of("postgresql", "redis"));

    private Components() {
    }

    /** The components this run starts, in {@link #ALL}'s order. */
    static Set<String> started() {
        return resolve(System.getProperty(PROPERTY));
    }

    static boolean isStarted(String component) {
        return started().contains(component);
    }

    /** The components a property value asks for, with what they need; blank or absent: all. */
    static Set<String> resolve(String property) {
        if (property == null || property.isBlank()) {
            return new LinkedHashSet<>(ALL);
        }
        Set<String> asked = new LinkedHashSet<>();
        for (String name : property.split(",")) {
            String component = name.strip();
            if (!ALL.contains(component)) {
                throw new IllegalArgumentException("-D" + PROPERTY + "=" + property + ": no component '" + component
                        + "'; the suite runs " + String.join(",", ALL));
            }
            addWithNeeds(component, asked);
        }
        Set<String> ordered = new LinkedHashSet<>(ALL);
        ordered.retainAll(asked);
        return ordered;
    }

    private static void addWithNeeds(String component, Set<String> into) {
        if (into.add(component)) {
            NEEDS.getOrDefault(component, List.of()).forEach(needed -> addWithNeeds(needed, into));
        }
    }

    /**
     * Skips the test (a JUnit assumption) unless every one of the components is started; the
     * reason, naming those that are not and the property, is printed too (the build's console
     * shows a skipped test's count, not its reason).
     */
    static void assumeStarted(String test, String... components) {
        List<String> missing = new ArrayList<>(Arrays.asList(components));
        missing.removeAll(started());
        if (!missing.isEmpty()) {
            String reason = test + " needs " + String.join(", ", missing) + ", not started: -D" + PROPERTY + "="
                    + System.getProperty(PROPERTY) + " (leave the property out to run every component)";
            System.out.println("Skipped: " + reason);
            Assumptions.abort(reason);
        }
    }
}

package io.matrixmon.e2e;

import io.matrixmon.core.descriptor.ComponentDeclaration;
import io.matrixmon.core.descriptor.DescriptorLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.Yaml;

/**
 * The suite's install values, {@code src/test/resources/suite-values.yaml}, a file a person can
 * pass to {@code helm install -f}; checked against the bundles before the suite uses it: what must
 * follow them (the components switched off, the objectives off, every alert on, keep_firing_for
 * shortened where declared) is derived here and nowhere else, and so are the values that switch
 * off the components a run does not start ({@link #notStarted()}).
 */
final class SuiteValues {

    static final String RESOURCE = "suite-values.yaml";

    /** The services the suite runs (the PostgreSQL cluster is no service); every other is switched off. */
    private static final List<String> RUN = List.of("redis", "haproxy", "synapse", "synapseLi", "keyVault");

    private static Path file;

    private SuiteValues() {
    }

    /** The file, once checked; fails listing every difference from what the bundles ask for. */
    static synchronized Path file() {
        if (file == null) {
            Path checked = locate();
            List<String> problems = problems(flatten(checked));
            if (!problems.isEmpty()) {
                throw new IllegalStateException(checked + " does not follow the bundles:\n  " + String.join("\n  ", problems));
            }
            file = checked;
        }
        return file;
    }

    private static Path locate() {
        try {
            return Path.of(SuiteValues.class.getResource("/" + RESOURCE).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("no " + RESOURCE + " on the test class path", e);
        }
    }

    /** Each value of the file under its --set path (a.b.c, lists as [i]). */
    static Map<String, Object> flatten(Path values) {
        try {
            Map<String, Object> flat = new LinkedHashMap<>();
            flatten("", new Yaml().load(Files.readString(values)), flat);
            return flat;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void flatten(String path, Object value, Map<String, Object> flat) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, child) -> flatten(path.isEmpty() ? String.valueOf(key) : path + "." + key, child, flat));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                flatten(path + "[" + i + "]", list.get(i), flat);
            }
        } else {
            flat.put(path, value);
        }
    }

    /**
     * The values (--set paths) that switch off every component the run does not start
     * ({@link Components}): its bundle's services and settings, and its objectives, so that no
     * alert or record of it is installed (nothing of it is scraped: its down alerts would fire).
     * Empty when every component runs.
     */
    static Map<String, Object> notStarted() {
        return notStarted(Components.started());
    }

    static Map<String, Object> notStarted(Set<String> started) {
        Map<String, Object> off = new LinkedHashMap<>();
        for (ComponentDeclaration bundle : new DescriptorLoader().declarations().components()) {
            if (Components.ALL.contains(bundle.name()) && !started.contains(bundle.name())) {
                bundle.services().keySet().forEach(service -> off.put(service + ".enabled", false));
                bundle.settings().keySet().forEach(setting -> off.put(setting + ".enabled", false));
                bundle.slos().keySet().forEach(objective -> off.put("slos." + objective + ".enabled", false));
            }
        }
        return off;
    }

    /** What the file lacks or says otherwise than the bundles ask for, each naming its --set path. */
    static List<String> problems(Map<String, Object> values) {
        List<String> problems = new ArrayList<>();
        for (String service : ChartRules.defaultServices()) {
            if (!RUN.contains(service)) {
                expect(values, service + ".enabled", false, "a component the suite does not run", problems);
            }
        }
        for (String objective : ChartRules.defaultObjectives()) {
            expect(values, "slos." + objective + ".enabled", false, "the scenarios run without the objectives", problems);
        }
        Map<String, ComponentDeclaration.AlertDefaults> declared = ChartRules.declaredAlerts(null);
        declared.forEach((alert, defaults) -> {
            expect(values, "alerts." + alert + ".enabled", true, "every alert of every bundle is on", problems);
            boolean shortened = values.containsKey("alerts." + alert + ".for");
            if (shortened && defaults.keepFiringFor() != null) {
                expect(values, "alerts." + alert + ".keepFiringFor", values.get("alerts." + alert + ".for"),
                        "its bundle keeps it firing after the condition ends: shortened with its for", problems);
            }
        });
        values.keySet().stream().filter(key -> key.startsWith("alerts."))
                .map(key -> key.split("\\.")[1]).distinct().filter(alert -> !declared.containsKey(alert))
                .forEach(alert -> problems.add("alerts." + alert + ": no bundle declares this alert"));
        return problems;
    }

    private static void expect(Map<String, Object> values, String key, Object expected, String why, List<String> problems) {
        Object actual = values.get(key);
        if (!expected.equals(actual)) {
            problems.add(key + " is " + (actual == null ? "missing" : actual) + ", must be " + expected + " (" + why + ")");
        }
    }
}

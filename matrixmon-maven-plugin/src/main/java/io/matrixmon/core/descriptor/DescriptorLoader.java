package io.matrixmon.core.descriptor;

import io.matrixmon.core.component.Component;
import io.matrixmon.core.component.Components;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Loads the deployment model: the embedded default deployment and the component bundles'
 * defaults, with the user's descriptor (if any) validated and merged over them, then resolved so
 * every target carries all of its settings.
 */
public final class DescriptorLoader {

    /** Classpath location of the default deployment, in the chart-templates artifact. */
    public static final String DEFAULT_DEPLOYMENT = "matrixmon/default-deployment.yaml";

    private final Defaults defaults;

    /** A loader for the bundles the plugin ships. */
    public DescriptorLoader() {
        this.defaults = Defaults.EMBEDDED;
    }

    /** A loader for other bundles (a test's throw-away component, for one). */
    public DescriptorLoader(Components components) {
        this.defaults = components == Components.embedded() ? Defaults.EMBEDDED : Defaults.of(components);
    }

    /**
     * @param descriptor the user's descriptor, or null for the default deployment alone
     * @param sourceName how to name the descriptor in messages (usually its path)
     */
    public Deployment load(Path descriptor, String sourceName) throws DescriptorException {
        if (descriptor == null) {
            return load((String) null, DEFAULT_DEPLOYMENT);
        }
        return load(YamlDocuments.readUtf8(descriptor, sourceName), sourceName);
    }

    /** Validates descriptor text (null for none), merges it over the default and resolves it. */
    @SuppressWarnings("unchecked")
    public Deployment load(String text, String sourceName) throws DescriptorException {
        Map<String, Object> model = defaults.model();
        Origins origins = Origins.none(sourceName);
        if (text != null) {
            Reader reader = new Reader(sourceName);
            Map<String, Object> overlay = read(text, reader, defaults.schema());
            origins = new Origins(sourceName, reader.marks());
            model = (Map<String, Object>) defaults.schema().merge(model, overlay);
        }
        return Deployment.resolve(model, origins, defaults.components(), defaults.runbooks());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> read(String text, Reader reader, Spec.Fields schema) throws DescriptorException {
        Node document = YamlDocuments.compose(text, reader.source());
        if (document == null) {
            return Map.of();
        }
        Object value = reader.visit(document, "") ? schema.read(document, "", reader) : null;
        List<Problem> problems = reader.problems();
        if (!problems.isEmpty()) {
            throw new DescriptorException(problems);
        }
        return (Map<String, Object>) value;
    }

    /**
     * What a descriptor is merged over and checked against: the bundles' declarations, the schema
     * they make, and the default model (the default deployment with every bundle's defaults).
     */
    private record Defaults(List<ComponentDeclaration> components, Spec.Fields schema, Map<String, Object> model,
            Map<String, Object> runbooks) {

        /** Read once: the embedded files never change at run time, and merging copies what it changes. */
        static final Defaults EMBEDDED = of(Components.embedded());

        static Defaults of(Components bundles) {
            List<Problem> problems = new ArrayList<>();
            List<ComponentDeclaration> components = new ArrayList<>();
            for (Component bundle : bundles.all()) {
                try {
                    components.add(ComponentDeclaration.read(bundle));
                } catch (DescriptorException e) {
                    problems.addAll(e.problems());
                }
            }
            Spec.Fields schema = DescriptorSchema.root(components);
            Map<String, Object> model = new LinkedHashMap<>(readDefault(schema));
            Map<String, Object> services = new LinkedHashMap<>();
            Map<String, Object> alerts = new LinkedHashMap<>();
            Map<String, Object> slos = new LinkedHashMap<>();
            Map<String, String> declaredBy = new HashMap<>();
            model.keySet().forEach(section -> declaredBy.put(section, DEFAULT_DEPLOYMENT));
            for (ComponentDeclaration component : components) {
                component.services().forEach((name, target) -> {
                    claim("services." + name, component, declaredBy, problems);
                    services.put(name, target);
                });
                component.settings().forEach((section, value) -> {
                    claim(section, component, declaredBy, problems);
                    model.put(section, value);
                });
                component.alerts().forEach((name, alert) -> {
                    claim("alerts." + name, component, declaredBy, problems);
                    Map<String, Object> settings = OrderedMaps.of("severity", alert.severity(), "for",
                            alert.forDuration());
                    if (alert.keepFiringFor() != null) {
                        settings.put("keepFiringFor", alert.keepFiringFor());
                    }
                    if (alert.threshold() != null) {
                        settings.put("threshold", alert.threshold().defaultValue());
                    }
                    alerts.put(name, settings);
                });
                component.slos().forEach((name, slo) -> {
                    claim("slos." + name, component, declaredBy, problems);
                    slos.put(name, OrderedMaps.of("enabled", true, "objective", slo.objective(),
                            "window", slo.window()));
                });
            }
            Map<String, Object> runbooks = runbooks(bundles, components, problems);
            if (!problems.isEmpty()) {
                throw new IllegalStateException((problems.size() == 1 ? "Invalid component bundle:\n"
                        : "Invalid component bundles (" + problems.size() + " problems):\n")
                        + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n")));
            }
            model.put("services", services);
            model.put("alerts", alerts);
            model.put("slos", slos);
            return new Defaults(List.copyOf(components), schema, model, runbooks);
        }

        /**
         * Each alert's runbook: its component, its panel on the runbook dashboard and its page. An
         * alert without a page is an error, as is a panel id two alerts share.
         */
        private static Map<String, Object> runbooks(Components bundles, List<ComponentDeclaration> components,
                List<Problem> problems) {
            Map<String, Object> runbooks = new LinkedHashMap<>();
            Map<Integer, String> panels = new HashMap<>();
            for (ComponentDeclaration component : components) {
                for (String alert : component.alerts().keySet()) {
                    String page = bundles.runbooks().get(alert);
                    if (page == null) {
                        problems.add(new Problem(component.source(), 0, 0, "alerts." + alert, "has no runbook page;"
                                + " expected " + Components.runbookOrigin(alert)));
                        continue;
                    }
                    int panel = Components.runbookPanelId(alert);
                    String other = panels.putIfAbsent(panel, alert);
                    if (other != null) {
                        problems.add(new Problem(component.source(), 0, 0, "alerts." + alert, "its runbook panel id "
                                + panel + " is " + other + "'s too (ids are derived from the names); rename one"));
                    }
                    runbooks.put(alert, OrderedMaps.of("component", component.name(), "panel", panel,
                            "page", page));
                }
            }
            return runbooks;
        }

        /** Each default has one owner: two bundles declaring the same service or alert are an error. */
        private static void claim(String path, ComponentDeclaration component, Map<String, String> declaredBy,
                List<Problem> problems) {
            String earlier = declaredBy.putIfAbsent(path, component.source());
            if (earlier != null) {
                problems.add(new Problem(component.source(), 0, 0, path, "declared already by " + earlier));
            }
        }

        private static Map<String, Object> readDefault(Spec.Fields schema) {
            try (InputStream in = DescriptorLoader.class.getClassLoader().getResourceAsStream(DEFAULT_DEPLOYMENT)) {
                if (in == null) {
                    throw new IllegalStateException(DEFAULT_DEPLOYMENT + " is missing from the classpath;"
                            + " the chart-templates artifact must be a dependency of the plugin");
                }
                return read(new String(in.readAllBytes(), StandardCharsets.UTF_8), new Reader(DEFAULT_DEPLOYMENT),
                        schema);
            } catch (IOException | DescriptorException e) {
                throw new IllegalStateException("The embedded default deployment is broken: " + e.getMessage(), e);
            }
        }
    }
}

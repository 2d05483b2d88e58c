package io.matrixmon.core.descriptor;

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

    /** What the bundles declare: their scrape targets, alerts, objectives and dashboards, typed. */
    public Declarations declarations() {
        return defaults.declarations();
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
        return Deployment.resolve(model, origins, defaults.declarations());
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
    private record Defaults(Declarations declarations, Spec.Fields schema, Map<String, Object> model) {

        /** Read once: the embedded files never change at run time, and merging copies what it changes. */
        static final Defaults EMBEDDED = of(Components.embedded());

        static Defaults of(Components bundles) {
            List<Problem> problems = new ArrayList<>();
            Declarations declarations = Declarations.read(bundles, problems);
            Spec.Fields schema = DescriptorSchema.root(declarations);
            Map<String, Object> model = new LinkedHashMap<>(readDefault(schema));
            Map<String, String> declaredBy = new HashMap<>();
            model.keySet().forEach(section -> declaredBy.put(section, DEFAULT_DEPLOYMENT));
            for (ComponentDeclaration component : declarations.components()) {
                component.services().keySet().forEach(name -> claim("services." + name, component, declaredBy,
                        problems));
                component.settings().keySet().forEach(section -> claim(section, component, declaredBy, problems));
                component.alerts().keySet().forEach(name -> claim("alerts." + name, component, declaredBy,
                        problems));
                component.slos().keySet().forEach(name -> claim("slos." + name, component, declaredBy, problems));
            }
            declarations = declarations.withRunbooks(bundles.runbooks(), problems);
            if (!problems.isEmpty()) {
                throw new IllegalStateException((problems.size() == 1 ? "Invalid component bundle:\n"
                        : "Invalid component bundles (" + problems.size() + " problems):\n")
                        + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n")));
            }
            model.putAll(declarations.descriptorDefaults());
            return new Defaults(declarations, schema, model);
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

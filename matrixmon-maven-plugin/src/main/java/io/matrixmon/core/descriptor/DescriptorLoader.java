package io.matrixmon.core.descriptor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Loads the deployment model: the embedded default deployment, with the user's descriptor (if
 * any) validated and merged over it, then resolved so every target carries all of its settings.
 */
public final class DescriptorLoader {

    /** Classpath location of the default deployment, in the chart-templates artifact. */
    public static final String DEFAULT_DEPLOYMENT = "matrixmon/default-deployment.yaml";

    private static final Spec.Fields SCHEMA = DescriptorSchema.root();
    /** Parsed once: it never changes at run time, and merging copies what it changes. */
    private static final Map<String, Object> DEFAULT = readDefault();

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
        Map<String, Object> model = DEFAULT;
        Origins origins = Origins.none(sourceName);
        if (text != null) {
            Reader reader = new Reader(sourceName);
            Map<String, Object> overlay = read(text, reader);
            origins = new Origins(sourceName, reader.marks());
            model = (Map<String, Object>) SCHEMA.merge(model, overlay);
        }
        return Deployment.resolve(model, origins);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> read(String text, Reader reader) throws DescriptorException {
        Node document = YamlDocuments.compose(text, reader.source());
        if (document == null) {
            return Map.of();
        }
        Object value = reader.visit(document, "") ? SCHEMA.read(document, "", reader) : null;
        List<Problem> problems = reader.problems();
        if (!problems.isEmpty()) {
            throw new DescriptorException(problems);
        }
        return (Map<String, Object>) value;
    }

    private static Map<String, Object> readDefault() {
        try (InputStream in = DescriptorLoader.class.getClassLoader().getResourceAsStream(DEFAULT_DEPLOYMENT)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULT_DEPLOYMENT + " is missing from the classpath;"
                        + " the chart-templates artifact must be a dependency of the plugin");
            }
            return read(new String(in.readAllBytes(), StandardCharsets.UTF_8), new Reader(DEFAULT_DEPLOYMENT));
        } catch (IOException | DescriptorException e) {
            throw new IllegalStateException("The embedded default deployment is broken: " + e.getMessage(), e);
        }
    }
}

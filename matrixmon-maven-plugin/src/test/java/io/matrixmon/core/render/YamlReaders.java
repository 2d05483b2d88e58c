package io.matrixmon.core.render;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.resolver.CoreScalarResolver;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.schema.CoreSchema;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads one YAML document as a YAML 1.1 reader (PyYAML, go-yaml v2, snakeyaml) and as a strict
 * YAML 1.2 reader (core schema, no duplicate keys) would, and says where they disagree.
 */
final class YamlReaders {

    /** YAML 1.2's core schema has no merge key: {@code <<} is a plain string there. */
    private static final CoreScalarResolver YAML_12 = new CoreScalarResolver(false);

    private YamlReaders() {
    }

    /** What differs between the two readings of the document, each naming line, column and value; empty when none. */
    static List<String> differences(String document) {
        List<String> differences = new ArrayList<>();
        Object strict;
        try {
            strict = new Load(LoadSettings.builder().setSchema(new StrictCoreSchema()).setAllowDuplicateKeys(false)
                    .build()).loadFromString(document);
        } catch (RuntimeException e) {
            differences.add("a strict YAML 1.2 reader rejects it: " + e.getMessage());
            return differences;
        }
        Node tree = yaml11().compose(new StringReader(document));
        if (tree != null) {
            plainScalars(tree, differences);
        }
        if (!differences.isEmpty()) {
            return differences;
        }
        try {
            Object lenient = yaml11().load(document);
            String difference = firstDifference(lenient, strict, "");
            if (difference != null) {
                differences.add(difference);
            }
        } catch (YAMLException e) {
            differences.add("a YAML 1.1 reader rejects it: " + e.getMessage());
        }
        return differences;
    }

    /** Every plain (unquoted) scalar must resolve to the same type in both versions. */
    private static void plainScalars(Node node, List<String> differences) {
        if (node instanceof ScalarNode scalar) {
            if (scalar.isPlain()) {
                String tag11 = scalar.getTag().getValue();
                String tag12 = YAML_12.resolve(scalar.getValue(), true).getValue();
                if (!tag11.equals(tag12)) {
                    differences.add("line " + (scalar.getStartMark().getLine() + 1) + " column "
                            + (scalar.getStartMark().getColumn() + 1) + ": the plain scalar '" + scalar.getValue()
                            + "' is " + tag11 + " in YAML 1.1 but " + tag12 + " in YAML 1.2 (quote it)");
                }
            }
        } else if (node instanceof SequenceNode sequence) {
            sequence.getValue().forEach(item -> plainScalars(item, differences));
        } else if (node instanceof MappingNode mapping) {
            for (NodeTuple entry : mapping.getValue()) {
                plainScalars(entry.getKeyNode(), differences);
                plainScalars(entry.getValueNode(), differences);
            }
        }
    }

    /** The first path at which the two readings differ, or null. */
    private static String firstDifference(Object yaml11, Object yaml12, String path) {
        if (yaml11 instanceof Map<?, ?> a && yaml12 instanceof Map<?, ?> b) {
            if (!a.keySet().equals(b.keySet())) {
                return "at '" + path + "' YAML 1.1 reads the keys " + a.keySet() + ", YAML 1.2 " + b.keySet();
            }
            for (Object key : a.keySet()) {
                String difference = firstDifference(a.get(key), b.get(key), path.isEmpty() ? "" + key : path + "." + key);
                if (difference != null) {
                    return difference;
                }
            }
            return null;
        }
        if (yaml11 instanceof List<?> a && yaml12 instanceof List<?> b && a.size() == b.size()) {
            Iterator<?> other = b.iterator();
            for (int i = 0; i < a.size(); i++) {
                String difference = firstDifference(a.get(i), other.next(), path + "[" + i + "]");
                if (difference != null) {
                    return difference;
                }
            }
            return null;
        }
        return Objects.equals(yaml11, yaml12) ? null : "at '" + path + "' YAML 1.1 reads " + describe(yaml11)
                + ", YAML 1.2 " + describe(yaml12);
    }

    private static String describe(Object value) {
        return value == null ? "null" : value + " (" + value.getClass().getSimpleName() + ")";
    }

    private static Yaml yaml11() {
        LoaderOptions options = new LoaderOptions();
        return new Yaml(new SafeConstructor(options), new Representer(new DumperOptions()), new DumperOptions(),
                options, new Yaml11Resolver());
    }

    private static final class StrictCoreSchema extends CoreSchema {
        @Override
        public ScalarResolver getScalarResolver() {
            return YAML_12;
        }
    }

    /**
     * snakeyaml's YAML 1.1 resolver, completed with the two types of the YAML 1.1 type repository it
     * leaves out: the value key {@code =} (PyYAML resolves it, and its safe loader then rejects the
     * document) and the one-letter booleans y, Y, n, N (go-yaml v2 reads them as booleans).
     */
    private static final class Yaml11Resolver extends Resolver {
        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(new Tag("tag:yaml.org,2002:value"), Pattern.compile("^(?:=)$"), "=");
            addImplicitResolver(Tag.BOOL, Pattern.compile("^(?:y|Y|n|N)$"), "yYnN");
            super.addImplicitResolvers();
        }
    }
}

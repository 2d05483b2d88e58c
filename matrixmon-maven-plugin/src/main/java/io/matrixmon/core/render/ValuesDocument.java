package io.matrixmon.core.render;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.comments.CommentLine;
import org.yaml.snakeyaml.comments.CommentType;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The rendered values.yaml read as documentation: every key with its default, its description
 * (the {@code ## --} comment above it) and its schema hint ({@code ## @schema ...}). From this
 * one reading come values.schema.json and the chart README, so neither can drift from the values.
 */
final class ValuesDocument {

    /** One value of the chart: dotted path, YAML node of the default, description, hints. */
    record Entry(String path, Node node, String description, List<String> hints) {
    }

    private final Node root;

    private ValuesDocument(Node root) {
        this.root = root;
    }

    /** @throws org.yaml.snakeyaml.error.YAMLException when the text is not YAML */
    static ValuesDocument parse(String valuesYaml) {
        LoaderOptions options = new LoaderOptions();
        options.setProcessComments(true);
        options.setAllowDuplicateKeys(false);
        return new ValuesDocument(new Yaml(options).compose(new StringReader(valuesYaml)));
    }

    Node root() {
        return root;
    }

    /** Every key, depth first, in file order. */
    List<Entry> entries() {
        List<Entry> entries = new ArrayList<>();
        collect(root, "", entries);
        return entries;
    }

    /** The entries directly below a mapping node, keyed by key. */
    static Map<String, Entry> children(Node mapping, String path) {
        Map<String, Entry> children = new LinkedHashMap<>();
        if (mapping instanceof MappingNode map) {
            for (NodeTuple tuple : map.getValue()) {
                String key = ((ScalarNode) tuple.getKeyNode()).getValue();
                String childPath = path.isEmpty() ? key : path + "." + key;
                children.put(key, entry(childPath, tuple));
            }
        }
        return children;
    }

    private static void collect(Node node, String path, List<Entry> entries) {
        for (Entry entry : children(node, path).values()) {
            entries.add(entry);
            collect(entry.node(), entry.path(), entries);
        }
    }

    private static Entry entry(String path, NodeTuple tuple) {
        StringBuilder description = new StringBuilder();
        List<String> hints = new ArrayList<>();
        List<CommentLine> comments = tuple.getKeyNode().getBlockComments();
        if (comments != null) {
            for (CommentLine comment : comments) {
                if (comment.getCommentType() != CommentType.BLOCK) {
                    continue;
                }
                String text = comment.getValue().strip();
                if (!text.startsWith("#")) {
                    continue;
                }
                text = text.substring(1).strip();
                if (text.startsWith("@schema")) {
                    hints.add(text.substring("@schema".length()).strip());
                } else if (text.startsWith("-- ")) {
                    description.setLength(0);
                    description.append(text.substring(3));
                } else if (!description.isEmpty()) {
                    description.append(' ').append(text);
                }
            }
        }
        return new Entry(path, tuple.getValueNode(), description.toString(), hints);
    }

    /** JSON type of a default value's node. */
    static String jsonType(Node node) {
        if (node instanceof MappingNode) {
            return "object";
        }
        if (node instanceof SequenceNode) {
            return "array";
        }
        Tag tag = node.getTag();
        if (Tag.BOOL.equals(tag)) {
            return "boolean";
        }
        if (Tag.INT.equals(tag)) {
            return "integer";
        }
        if (Tag.FLOAT.equals(tag)) {
            return "number";
        }
        if (Tag.NULL.equals(tag)) {
            return "null";
        }
        return "string";
    }
}

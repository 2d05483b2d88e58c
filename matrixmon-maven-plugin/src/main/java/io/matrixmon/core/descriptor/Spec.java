package io.matrixmon.core.descriptor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The expected shape of one descriptor value. A spec reads a YAML node into plain Java values
 * (String, Long, Double, Boolean, List, Map), reporting every mismatch with its location, and
 * knows how a user's value merges over the default.
 */
public abstract class Spec {

    /** What a valid value looks like, phrased for an error message ("a port number 1-65535"). */
    abstract String expected();

    /** Reads the node, or reports problems and returns null. */
    abstract Object read(Node node, String path, Reader reader);

    /** The value that results from a user's value over the default one. */
    Object merge(Object base, Object overlay) {
        return overlay;
    }

    static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        ScalarNode scalar = (ScalarNode) node;
        String value = scalar.getValue();
        String shown = value.length() > 40 ? value.substring(0, 40) + "..." : value;
        Tag tag = scalar.getTag();
        if (Tag.NULL.equals(tag)) {
            return "no value";
        }
        if (Tag.BOOL.equals(tag)) {
            return "the boolean " + shown;
        }
        if (Tag.INT.equals(tag) || Tag.FLOAT.equals(tag)) {
            return "the number " + shown;
        }
        return "the string \"" + shown + "\"";
    }

    /** A string, optionally constrained by a pattern and a length. */
    public static final class Text extends Spec {
        private final String expected;
        private final Pattern pattern;
        private final int maxLength;

        Text(String expected, String regex, int maxLength) {
            this.expected = expected;
            this.pattern = regex == null ? null : Pattern.compile(regex);
            this.maxLength = maxLength;
        }

        @Override
        String expected() {
            return expected;
        }

        @Override
        Object read(Node node, String path, Reader reader) {
            if (!(node instanceof ScalarNode scalar) || !Tag.STR.equals(node.getTag())) {
                String hint = node instanceof ScalarNode && !Tag.NULL.equals(node.getTag())
                        ? " (quote it to make it a string)" : "";
                reader.report(node, path, "expected " + expected + ", got " + describe(node) + hint);
                return null;
            }
            String value = scalar.getValue();
            if (pattern != null && !pattern.matcher(value).matches()) {
                reader.report(node, path, "expected " + expected + ", got " + describe(node));
                return null;
            }
            if (value.length() > maxLength) {
                reader.report(node, path, "expected " + expected + ", got a string of " + value.length()
                        + " characters (at most " + maxLength + ")");
                return null;
            }
            return value;
        }
    }

    /** A whole number in a range. */
    public static final class Whole extends Spec {
        private static final Pattern WHOLE = Pattern.compile("[-+]?[0-9]{1,18}");
        private final String expected;
        private final long min;
        private final long max;

        Whole(String expected, long min, long max) {
            this.expected = expected;
            this.min = min;
            this.max = max;
        }

        @Override
        String expected() {
            return expected;
        }

        @Override
        Object read(Node node, String path, Reader reader) {
            if (node instanceof ScalarNode scalar && Tag.INT.equals(node.getTag())
                    && WHOLE.matcher(scalar.getValue()).matches()) {
                long value = Long.parseLong(scalar.getValue());
                if (value >= min && value <= max) {
                    return value;
                }
            }
            reader.report(node, path, "expected " + expected + ", got " + describe(node));
            return null;
        }
    }

    /** A decimal number in a range (thresholds). */
    public static final class Decimal extends Spec {
        private static final Pattern DECIMAL = Pattern.compile("[-+]?([0-9][0-9_]*)?\\.?[0-9_]*([eE][-+]?[0-9]+)?");
        private final String expected;
        private final double min;
        private final double max;

        Decimal(String expected, double min, double max) {
            this.expected = expected;
            this.min = min;
            this.max = max;
        }

        @Override
        String expected() {
            return expected;
        }

        @Override
        Object read(Node node, String path, Reader reader) {
            if (node instanceof ScalarNode scalar
                    && (Tag.INT.equals(node.getTag()) || Tag.FLOAT.equals(node.getTag()))
                    && DECIMAL.matcher(scalar.getValue()).matches()) {
                double value = Double.parseDouble(scalar.getValue().replace("_", ""));
                if (value >= min && value <= max) {
                    return value;
                }
            }
            reader.report(node, path, "expected " + expected + ", got " + describe(node));
            return null;
        }
    }

    /** true or false. */
    public static final class Flag extends Spec {
        @Override
        String expected() {
            return "true or false";
        }

        @Override
        Object read(Node node, String path, Reader reader) {
            if (node instanceof ScalarNode scalar && Tag.BOOL.equals(node.getTag())) {
                String value = scalar.getValue().toLowerCase(java.util.Locale.ROOT);
                if (value.equals("true") || value.equals("false")) {
                    return Boolean.valueOf(value);
                }
            }
            reader.report(node, path, "expected true or false, got " + describe(node));
            return null;
        }
    }

    /** A list whose items all have one spec; replaces the default list as a whole. */
    public static final class ListOf extends Spec {
        private final Spec item;
        private final int maxItems;

        ListOf(Spec item, int maxItems) {
            this.item = item;
            this.maxItems = maxItems;
        }

        @Override
        String expected() {
            return "a list of " + item.expected();
        }

        @Override
        Object read(Node node, String path, Reader reader) {
            if (!(node instanceof SequenceNode sequence)) {
                reader.report(node, path, "expected " + expected() + ", got " + describe(node));
                return null;
            }
            if (sequence.getValue().size() > maxItems) {
                reader.report(node, path, "expected at most " + maxItems + " items, got "
                        + sequence.getValue().size());
                return null;
            }
            List<Object> values = new ArrayList<>();
            boolean valid = true;
            for (int i = 0; i < sequence.getValue().size(); i++) {
                Node child = sequence.getValue().get(i);
                String childPath = path + "[" + i + "]";
                if (!reader.visit(child, childPath)) {
                    return null;
                }
                reader.locate(childPath, child);
                Object value = item.read(child, childPath, reader);
                valid &= value != null;
                values.add(value);
            }
            return valid ? Collections.unmodifiableList(values) : null;
        }
    }

    /**
     * A number as written: whole numbers stay whole (a fixture's expected sample is written back
     * into promtool's tests as it was); with {@code orText}, a string too (a ${threshold} expression).
     */
    public static final class Numeral extends Spec {
        private final String expected;
        private final boolean orText;

        Numeral(String expected, boolean orText) {
            this.expected = expected;
            this.orText = orText;
        }

        @Override
        String expected() {
            return expected;
        }

        @Override
        Object read(Node node, String path, Reader reader) {
            if (node instanceof ScalarNode scalar) {
                String value = scalar.getValue();
                if (Tag.INT.equals(node.getTag()) && Whole.WHOLE.matcher(value).matches()) {
                    return Long.parseLong(value);
                }
                if (Tag.FLOAT.equals(node.getTag()) && Decimal.DECIMAL.matcher(value).matches()) {
                    return Double.parseDouble(value.replace("_", ""));
                }
                if (orText && Tag.STR.equals(node.getTag()) && !value.isBlank()) {
                    return value;
                }
            }
            reader.report(node, path, "expected " + expected + ", got " + describe(node));
            return null;
        }
    }

    /** A list of a fixed length whose items each have their own spec: a [series, values] pair. */
    public static final class Tuple extends Spec {
        private final String expected;
        private final List<Spec> items;

        Tuple(String expected, Spec... items) {
            this.expected = expected;
            this.items = List.of(items);
        }

        @Override
        String expected() {
            return expected;
        }

        @Override
        Object read(Node node, String path, Reader reader) {
            if (!(node instanceof SequenceNode sequence) || sequence.getValue().size() != items.size()) {
                int size = node instanceof SequenceNode list ? list.getValue().size() : -1;
                reader.report(node, path, "expected " + expected + ", got "
                        + (size < 0 ? describe(node) : "a list of " + size + (size == 1 ? " item" : " items")));
                return null;
            }
            List<Object> values = new ArrayList<>();
            boolean valid = true;
            for (int i = 0; i < items.size(); i++) {
                Node child = sequence.getValue().get(i);
                String childPath = path + "[" + i + "]";
                if (!reader.visit(child, childPath)) {
                    return null;
                }
                reader.locate(childPath, child);
                Object value = items.get(i).read(child, childPath, reader);
                valid &= value != null;
                values.add(value);
            }
            return valid ? Collections.unmodifiableList(values) : null;
        }
    }

    /**
     * A mapping with a fixed set of keys; unknown keys are errors, not silently ignored, and so is
     * the absence of a required key.
     */
    public static final class Fields extends Spec {
        private final String expected;
        private final Map<String, Spec> fields = new LinkedHashMap<>();
        private final List<String> required = new ArrayList<>();

        Fields(String expected) {
            this.expected = expected;
        }

        Fields with(String key, Spec spec) {
            fields.put(key, spec);
            return this;
        }

        Fields require(String... keys) {
            required.addAll(List.of(keys));
            return this;
        }

        @Override
        String expected() {
            return expected;
        }

        @Override
        Object read(Node node, String path, Reader reader) {
            if (!(node instanceof MappingNode mapping)) {
                reader.report(node, path, "expected " + expected + ", got " + describe(node));
                return null;
            }
            Map<String, Object> values = new LinkedHashMap<>();
            boolean valid = true;
            for (NodeTuple tuple : mapping.getValue()) {
                String key = Keys.read(tuple.getKeyNode(), path, reader);
                if (key == null) {
                    valid = false;
                    continue;
                }
                String childPath = Keys.join(path, key);
                if (!Keys.first(tuple.getKeyNode(), childPath, key, reader)) {
                    valid = false;
                    continue;
                }
                Spec spec = fields.get(key);
                if (spec == null) {
                    reader.report(tuple.getKeyNode(), childPath, "unknown key '" + key + "'"
                            + Keys.suggestion(key, fields.keySet()) + "; expected one of: "
                            + String.join(", ", fields.keySet()));
                    valid = false;
                    continue;
                }
                if (!reader.visit(tuple.getValueNode(), childPath)) {
                    return null;
                }
                Object value = spec.read(tuple.getValueNode(), childPath, reader);
                valid &= value != null;
                values.put(key, value);
            }
            for (String key : required) {
                if (!values.containsKey(key)) {
                    reader.report(node, path, "missing required key '" + key + "'");
                    valid = false;
                }
            }
            return valid ? values : null;
        }

        @Override
        @SuppressWarnings("unchecked")
        Object merge(Object base, Object overlay) {
            Map<String, Object> merged = new LinkedHashMap<>((Map<String, Object>) base);
            ((Map<String, Object>) overlay).forEach((key, value) -> merged.put(key,
                    merged.containsKey(key) ? fields.get(key).merge(merged.get(key), value) : value));
            return merged;
        }
    }

    /**
     * A mapping with keys chosen by the user (worker types, cluster names, label names). Either
     * merges with the default key by key, or replaces it (label selectors must not be mixed).
     */
    public static final class MapOf extends Spec {
        private final String expected;
        private final Text key;
        private final Spec value;
        private final boolean replace;
        private final boolean allowEmpty;

        MapOf(String expected, Text key, Spec value, boolean replace, boolean allowEmpty) {
            this.expected = expected;
            this.key = key;
            this.value = value;
            this.replace = replace;
            this.allowEmpty = allowEmpty;
        }

        @Override
        String expected() {
            return expected;
        }

        @Override
        Object read(Node node, String path, Reader reader) {
            if (!(node instanceof MappingNode mapping)) {
                reader.report(node, path, "expected " + expected + ", got " + describe(node));
                return null;
            }
            if (mapping.getValue().isEmpty() && !allowEmpty) {
                reader.report(node, path, "expected " + expected + ", got an empty mapping");
                return null;
            }
            Map<String, Object> values = new LinkedHashMap<>();
            boolean valid = true;
            for (NodeTuple tuple : mapping.getValue()) {
                String name = Keys.read(tuple.getKeyNode(), path, reader);
                if (name == null) {
                    valid = false;
                    continue;
                }
                String childPath = Keys.join(path, name);
                if (!Keys.first(tuple.getKeyNode(), childPath, name, reader)
                        || key.read(tuple.getKeyNode(), childPath, reader) == null
                        || !reader.visit(tuple.getValueNode(), childPath)) {
                    valid = false;
                    continue;
                }
                Object child = value.read(tuple.getValueNode(), childPath, reader);
                valid &= child != null;
                values.put(name, child);
            }
            return valid ? values : null;
        }

        @Override
        @SuppressWarnings("unchecked")
        Object merge(Object base, Object overlay) {
            if (replace) {
                return overlay;
            }
            Map<String, Object> merged = new LinkedHashMap<>((Map<String, Object>) base);
            ((Map<String, Object>) overlay).forEach((name, child) -> merged.put(name,
                    merged.containsKey(name) ? value.merge(merged.get(name), child) : child));
            return merged;
        }
    }

    /** Mapping keys: always plain strings, with the nearest known key suggested for typos. */
    static final class Keys {
        /** A key that needs no quotes in a dotted path. */
        private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_-]+");
        private Keys() {
        }

        static String read(Node keyNode, String path, Reader reader) {
            if (keyNode instanceof ScalarNode scalar && Tag.STR.equals(keyNode.getTag())) {
                return scalar.getValue();
            }
            if (Tag.MERGE.equals(keyNode.getTag())) {
                reader.report(keyNode, path, "YAML merge keys (<<) are not supported; write the keys out");
                return null;
            }
            reader.report(keyNode, path, "expected a plain string key, got " + describe(keyNode));
            return null;
        }

        /** Records where the key is; reports it if the mapping already had it (YAML forbids that). */
        static boolean first(Node keyNode, String path, String key, Reader reader) {
            if (reader.locate(path, keyNode)) {
                return true;
            }
            org.yaml.snakeyaml.error.Mark earlier = reader.marks().get(path);
            reader.report(keyNode, path, "duplicate key '" + key + "' (first written at line "
                    + (earlier.getLine() + 1) + "); a key may appear only once in a mapping");
            return false;
        }

        static String join(String path, String key) {
            String part = PLAIN_KEY.matcher(key).matches() ? key : "\"" + key + "\"";
            return path.isEmpty() ? part : path + "." + part;
        }

        static String suggestion(String key, java.util.Collection<String> known) {
            return known.stream()
                    .filter(candidate -> distance(key.toLowerCase(), candidate.toLowerCase()) <= 2)
                    .min(Comparator.comparingInt(candidate -> distance(key, candidate)))
                    .map(candidate -> " (did you mean '" + candidate + "'?)")
                    .orElse("");
        }

        private static int distance(String a, String b) {
            int[] previous = new int[b.length() + 1];
            int[] current = new int[b.length() + 1];
            for (int j = 0; j <= b.length(); j++) {
                previous[j] = j;
            }
            for (int i = 1; i <= a.length(); i++) {
                current[0] = i;
                for (int j = 1; j <= b.length(); j++) {
                    int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                    current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                }
                int[] swap = previous;
                previous = current;
                current = swap;
            }
            return previous[b.length()];
        }
    }
}

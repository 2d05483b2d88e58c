package io.matrixmon.core.render;

import io.matrixmon.core.descriptor.OrderedMaps;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * values.schema.json from the values' defaults and their {@code ## @schema} hints. Every object is
 * closed ({@code additionalProperties: false}), so Helm rejects an unknown or misspelled key at
 * install time; a hint names a preset (labels, selector, port, duration, relabelings) or gives
 * JSON schema keywords to add. A preset is written once, under {@code definitions}, and referred
 * to wherever it is used: Helm compiles the schema on every lint, template and install, and the
 * chart repeats the same relabelings and durations for each component.
 */
final class ValuesSchema {

    static final String DURATION_PATTERN =
            "^(0|([0-9]+y)?([0-9]+w)?([0-9]+d)?([0-9]+h)?([0-9]+m)?([0-9]+s)?([0-9]+ms)?)$";

    /** The presets used so far, by name, sorted so that the output never depends on the values' order. */
    private final Map<String, Object> definitions = new TreeMap<>();
    /** Reads the JSON hints (JSON is YAML); one parser serves a whole schema. */
    private final Yaml hints = new Yaml(new LoaderOptions());

    private ValuesSchema() {
    }

    static String generate(ValuesDocument values) throws RenderException {
        return new ValuesSchema().document(values);
    }

    private String document(ValuesDocument values) throws RenderException {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("$schema", "https://json-schema.org/draft-07/schema#");
        schema.put("title", "Values of the matrixmon monitoring chart");
        schema.putAll(object(values.root(), ""));
        @SuppressWarnings("unchecked")
        Map<String, Object> properties = (Map<String, Object>) schema.get("properties");
        // Helm hands every subchart the parent's "global" values.
        properties.put("global", Map.of("type", "object"));
        if (!definitions.isEmpty()) {
            schema.put("definitions", definitions);
        }
        return Json.pretty(schema);
    }

    private Map<String, Object> object(Node node, String path) throws RenderException {
        Map<String, Object> properties = new LinkedHashMap<>();
        for (ValuesDocument.Entry entry : ValuesDocument.children(node, path).values()) {
            properties.put(entry.path().substring(entry.path().lastIndexOf('.') + 1), schemaOf(entry));
        }
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("additionalProperties", false);
        schema.put("properties", properties);
        return schema;
    }

    private Map<String, Object> schemaOf(ValuesDocument.Entry entry) throws RenderException {
        Map<String, Object> schema = new LinkedHashMap<>();
        List<Map<String, Object>> presets = new ArrayList<>();
        for (String hint : entry.hints()) {
            if (hint.startsWith("{")) {
                schema.putAll(parse(hint, entry.path()));
            } else {
                presets.add(reference(hint, entry.path()));
            }
        }
        if (presets.size() == 1 && schema.isEmpty()) {
            schema.putAll(presets.get(0));
        } else if (!presets.isEmpty()) {
            // Draft-07 ignores the keywords next to a $ref: with more, the references go under allOf.
            schema.put("allOf", presets);
        }
        if (presets.isEmpty()) {
            Node node = entry.node();
            Map<String, Object> inferred = node instanceof MappingNode
                    ? object(node, entry.path())
                    : new LinkedHashMap<>(node instanceof SequenceNode ? Map.of("type", "array")
                            : typeOf(ValuesDocument.jsonType(node)));
            inferred.putAll(schema);
            schema = inferred;
        }
        if (!entry.description().isEmpty()) {
            Map<String, Object> described = new LinkedHashMap<>();
            described.put("description", entry.description());
            described.putAll(schema);
            return described;
        }
        return schema;
    }

    private static Map<String, Object> typeOf(String jsonType) {
        return jsonType.equals("null") ? Map.of() : Map.of("type", jsonType);
    }

    /** A reference to the named preset, which is added to the definitions on first use. */
    private Map<String, Object> reference(String name, String path) throws RenderException {
        if (!definitions.containsKey(name)) {
            definitions.put(name, preset(name, path));
        }
        return Map.of("$ref", "#/definitions/" + name);
    }

    private static Map<String, Object> preset(String name, String path) throws RenderException {
        Map<String, Object> schema = new LinkedHashMap<>();
        switch (name) {
            case "labels", "selector" -> {
                schema.put("type", "object");
                schema.put("additionalProperties", Map.of("type", "string"));
                if (name.equals("selector")) {
                    schema.put("minProperties", 1);
                }
            }
            case "port" -> {
                schema.put("type", "integer");
                schema.put("minimum", 1);
                schema.put("maximum", 65535);
            }
            case "duration" -> {
                schema.put("type", "string");
                schema.put("minLength", 1);
                schema.put("pattern", DURATION_PATTERN);
            }
            case "relabelings" -> {
                Map<String, Object> relabel = new LinkedHashMap<>();
                relabel.put("sourceLabels", OrderedMaps.of("type", "array", "items", Map.of("type", "string")));
                for (String text : List.of("separator", "targetLabel", "regex", "replacement")) {
                    relabel.put(text, Map.of("type", "string"));
                }
                relabel.put("modulus", OrderedMaps.of("type", "integer", "minimum", 1));
                relabel.put("action", OrderedMaps.of("type", "string", "enum", List.of("replace", "keep", "drop",
                        "hashmod", "labelmap", "labeldrop", "labelkeep", "lowercase", "uppercase", "keepequal",
                        "dropequal", "Replace", "Keep", "Drop", "HashMod", "LabelMap", "LabelDrop", "LabelKeep",
                        "Lowercase", "Uppercase", "KeepEqual", "DropEqual")));
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("type", "object");
                item.put("additionalProperties", false);
                item.put("properties", relabel);
                schema.put("type", "array");
                schema.put("items", item);
            }
            default -> throw new RenderException("values.yaml: " + path + ": unknown @schema preset '" + name
                    + "' (known: labels, selector, port, duration, relabelings, or a JSON object)");
        }
        return schema;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> parse(String json, String path) throws RenderException {
        try {
            Object parsed = hints.load(json);
            if (parsed instanceof Map<?, ?>) {
                return (Map<String, Object>) parsed;
            }
        } catch (RuntimeException e) {
            // reported below
        }
        throw new RenderException("values.yaml: " + path + ": @schema hint is not a JSON object: " + json);
    }
}

package io.matrixmon.core.lint;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks parsed YAML against a JSON Schema (draft-07) written with the keywords the plugin's own
 * API schema uses, and only those: a schema with any other keyword is refused when it is loaded,
 * so an unsupported keyword can never be skipped silently. Small enough to load in a few
 * milliseconds, where a general validator takes a few hundred.
 */
final class SchemaCheck {

    /** A value that breaks the schema: dotted field path ({@code spec.endpoints[0].port}) and what is wrong. */
    record Problem(String field, String message) {
    }

    private static final Set<String> KEYWORDS = Set.of("$schema", "$ref", "type", "const", "enum", "pattern",
            "minLength", "maxLength", "minimum", "maximum", "minItems", "items", "properties", "patternProperties",
            "additionalProperties", "required", "not", "anyOf", "oneOf");
    private static final String REF_PREFIX = "#/definitions/";

    private final Map<String, Object> definitions;
    /** Compiled once; lint checks its two variants on two threads. */
    private final Map<String, Pattern> patterns = new ConcurrentHashMap<>();

    /** @param definitions what {@code $ref: "#/definitions/name"} refers to */
    SchemaCheck(Map<String, Object> definitions) {
        this.definitions = definitions;
        definitions.forEach((name, schema) -> prepare(schema, "definitions." + name));
    }

    /** Refuses a schema this class cannot check fully and compiles its patterns. */
    void prepare(Object schema, String where) {
        Map<String, Object> keywords = schemaAt(schema, where);
        for (Map.Entry<String, Object> keyword : keywords.entrySet()) {
            String name = keyword.getKey();
            Object value = keyword.getValue();
            String at = where + "." + name;
            switch (name) {
                case "$ref" -> definition((String) value, at);
                case "pattern" -> pattern((String) value);
                case "items", "not" -> prepare(value, at);
                case "additionalProperties" -> {
                    if (!(value instanceof Boolean)) {
                        prepare(value, at);
                    }
                }
                case "properties" -> schemaAt(value, at).forEach((field, sub) -> prepare(sub, at + "." + field));
                case "patternProperties" -> schemaAt(value, at).forEach((regex, sub) -> {
                    pattern(regex);
                    prepare(sub, at + "." + regex);
                });
                case "anyOf", "oneOf" -> {
                    int i = 0;
                    for (Object alternative : (List<?>) value) {
                        prepare(alternative, at + "[" + i++ + "]");
                    }
                }
                default -> {
                    if (!KEYWORDS.contains(name)) {
                        throw new IllegalStateException("Unsupported schema keyword at " + at);
                    }
                }
            }
        }
    }

    /** Every problem of {@code value} against {@code schema}; {@code field} names the value. */
    List<Problem> check(Object schema, Object value, String field) {
        List<Problem> problems = new ArrayList<>();
        check(schema, value, field, problems);
        return problems;
    }

    @SuppressWarnings("unchecked")
    private void check(Object schema, Object value, String field, List<Problem> problems) {
        Map<String, Object> keywords = (Map<String, Object>) schema;
        if (value instanceof Double number && !Double.isFinite(number)) {
            // YAML's .nan and .inf: the API server takes JSON, which has no such numbers
            problems.add(new Problem(field, "must be a finite number (JSON has no NaN or Infinity), found " + number));
            return;
        }
        if (keywords.containsKey("$ref")) {
            check(definition((String) keywords.get("$ref"), field), value, field, problems);
        }
        String type = (String) keywords.get("type");
        if (type != null && !type.equals(typeOf(value)) && !("number".equals(type) && "integer".equals(typeOf(value)))) {
            problems.add(new Problem(field, "expected " + article(type) + ", found " + describe(value)));
            return; // the other keywords would only repeat the mismatch
        }
        if (keywords.containsKey("const") && !sameValue(keywords.get("const"), value)) {
            problems.add(new Problem(field, "must be " + keywords.get("const") + ", found " + describe(value)));
        }
        if (keywords.get("enum") instanceof List<?> allowed && allowed.stream().noneMatch(a -> sameValue(a, value))) {
            problems.add(new Problem(field, "must be one of " + allowed + ", found " + describe(value)));
        }
        if (value instanceof String text) {
            checkText(keywords, text, field, problems);
        } else if (value instanceof Number number) {
            checkRange(keywords, new BigDecimal(number.toString()), field, problems);
        } else if (value instanceof List<?> list) {
            checkList(keywords, list, field, problems);
        } else if (value instanceof Map<?, ?> map) {
            checkObject(keywords, (Map<String, Object>) map, field, problems);
        }
        if (keywords.containsKey("not") && check(keywords.get("not"), value, field).isEmpty()) {
            problems.add(new Problem(field, "must not match " + keywords.get("not")));
        }
        if (keywords.get("anyOf") instanceof List<?> alternatives) {
            List<List<Problem>> results = alternatives.stream().map(a -> check(a, value, field)).toList();
            if (results.stream().noneMatch(List::isEmpty)) {
                problems.add(new Problem(field, "matches none of the allowed forms: " + summary(results)));
            }
        }
        if (keywords.get("oneOf") instanceof List<?> alternatives) {
            List<List<Problem>> results = alternatives.stream().map(a -> check(a, value, field)).toList();
            long matching = results.stream().filter(List::isEmpty).count();
            if (matching == 0) {
                problems.add(new Problem(field, "matches none of the allowed forms: " + summary(results)));
            } else if (matching > 1) {
                problems.add(new Problem(field, "matches " + matching + " of the allowed forms, exactly one is expected"));
            }
        }
    }

    private void checkText(Map<String, Object> keywords, String text, String field, List<Problem> problems) {
        int length = text.codePointCount(0, text.length());
        if (keywords.get("minLength") instanceof Integer min && length < min) {
            problems.add(new Problem(field, "must be at least " + min + " characters long, found " + describe(text)));
        }
        if (keywords.get("maxLength") instanceof Integer max && length > max) {
            problems.add(new Problem(field, "must be at most " + max + " characters long, found " + length));
        }
        if (keywords.get("pattern") instanceof String regex && !pattern(regex).matcher(text).find()) {
            problems.add(new Problem(field, describe(text) + " does not match " + regex));
        }
    }

    private static void checkRange(Map<String, Object> keywords, BigDecimal number, String field,
            List<Problem> problems) {
        if (keywords.get("minimum") instanceof Number min && number.compareTo(new BigDecimal(min.toString())) < 0) {
            problems.add(new Problem(field, "must be at least " + min + ", found " + number));
        }
        if (keywords.get("maximum") instanceof Number max && number.compareTo(new BigDecimal(max.toString())) > 0) {
            problems.add(new Problem(field, "must be at most " + max + ", found " + number));
        }
    }

    private void checkList(Map<String, Object> keywords, List<?> list, String field, List<Problem> problems) {
        if (keywords.get("minItems") instanceof Integer min && list.size() < min) {
            problems.add(new Problem(field, "must have at least " + min + " item(s), found " + list.size()));
        }
        Object items = keywords.get("items");
        if (items != null) {
            for (int i = 0; i < list.size(); i++) {
                check(items, list.get(i), field + "[" + i + "]", problems);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void checkObject(Map<String, Object> keywords, Map<String, Object> object, String field,
            List<Problem> problems) {
        if (keywords.get("required") instanceof List<?> required) {
            for (Object name : required) {
                if (!object.containsKey(name)) {
                    problems.add(new Problem(join(field, (String) name), "is required but missing"));
                }
            }
        }
        Map<String, Object> properties = (Map<String, Object>) keywords.getOrDefault("properties", Map.of());
        Map<String, Object> patternProperties =
                (Map<String, Object>) keywords.getOrDefault("patternProperties", Map.of());
        Object additional = keywords.getOrDefault("additionalProperties", true);
        for (Map.Entry<String, Object> entry : object.entrySet()) {
            String name = String.valueOf(entry.getKey());
            String at = join(field, name);
            boolean declared = properties.containsKey(name);
            if (declared) {
                check(properties.get(name), entry.getValue(), at, problems);
            }
            for (Map.Entry<String, Object> pattern : patternProperties.entrySet()) {
                if (pattern(pattern.getKey()).matcher(name).find()) {
                    declared = true;
                    check(pattern.getValue(), entry.getValue(), at, problems);
                }
            }
            if (!declared) {
                if (Boolean.FALSE.equals(additional)) {
                    problems.add(new Problem(at, "is not a field of this object (known fields: "
                            + String.join(", ", properties.keySet()) + ")"));
                } else if (additional instanceof Map<?, ?>) {
                    check(additional, entry.getValue(), at, problems);
                }
            }
        }
    }

    private Pattern pattern(String regex) {
        return patterns.computeIfAbsent(regex, Pattern::compile);
    }

    private Object definition(String ref, String where) {
        Object schema = ref.startsWith(REF_PREFIX) ? definitions.get(ref.substring(REF_PREFIX.length())) : null;
        if (schema == null) {
            throw new IllegalStateException("Unresolvable $ref " + ref + " at " + where);
        }
        return schema;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> schemaAt(Object schema, String where) {
        if (!(schema instanceof Map<?, ?>)) {
            throw new IllegalStateException("Expected a mapping at " + where + ", found " + schema);
        }
        return (Map<String, Object>) schema;
    }

    private static String typeOf(Object value) {
        if (value == null) {
            return "null";
        } else if (value instanceof String) {
            return "string";
        } else if (value instanceof Boolean) {
            return "boolean";
        } else if (value instanceof Integer || value instanceof Long || value instanceof BigInteger
                || value instanceof Short || value instanceof Byte) {
            return "integer";
        } else if (value instanceof Number) {
            return "number";
        } else if (value instanceof List<?>) {
            return "array";
        } else if (value instanceof Map<?, ?>) {
            return "object";
        }
        return value.getClass().getSimpleName();
    }

    private static boolean sameValue(Object expected, Object value) {
        if (expected instanceof Number a && value instanceof Number b) {
            return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString())) == 0;
        }
        return expected == null ? value == null : expected.equals(value);
    }

    private static String article(String type) {
        return switch (type) {
            case "integer", "array", "object" -> "an " + type;
            default -> "a " + type;
        };
    }

    private static String describe(Object value) {
        String type = typeOf(value);
        return switch (type) {
            case "string" -> "\"" + value + "\"";
            case "array" -> "an array";
            case "object" -> "an object";
            case "null" -> "nothing (null)";
            default -> article(type) + " (" + value + ")";
        };
    }

    private static String summary(List<List<Problem>> results) {
        return results.stream()
                .map(result -> result.stream().map(p -> p.field() + " " + p.message()).collect(Collectors.joining("; ")))
                .collect(Collectors.joining(" | or | "));
    }

    private static String join(String field, String name) {
        return field.isEmpty() ? name : field + "." + name;
    }
}

package io.matrixmon.core.render;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The filters that put model data into the chart. Each one quotes for its destination, so a
 * descriptor string reaches the chart literally whatever it contains ({{ }}, quotes, newlines).
 */
final class Filters {

    private Filters() {
    }

    static List<Filter> all() {
        return List.of(
                filter("yaml", (value, args) -> json(value)),
                filter("toyaml", (value, args) -> block(value, args.length == 0 ? 0 : Integer.parseInt(args[0]))),
                filter("helmstring", (value, args) -> "{{ " + goString(String.valueOf(value)) + " | quote }}"),
                filter("kebab", (value, args) -> kebab(String.valueOf(value))));
    }

    /** A YAML flow literal (JSON is valid YAML): strings double-quoted and escaped. */
    static String json(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map<?, ?> map) {
            StringBuilder text = new StringBuilder("{");
            map.forEach((key, child) -> text.append(text.length() > 1 ? ", " : "")
                    .append(json(String.valueOf(key))).append(": ").append(json(child)));
            return text.append('}').toString();
        }
        if (value instanceof List<?> list) {
            StringBuilder text = new StringBuilder("[");
            list.forEach(child -> text.append(text.length() > 1 ? ", " : "").append(json(child)));
            return text.append(']').toString();
        }
        if (value instanceof Boolean || value instanceof Long || value instanceof Integer) {
            return value.toString();
        }
        if (value instanceof Double number) {
            return number == Math.rint(number) && Math.abs(number) < 1e15
                    ? Long.toString(number.longValue()) : number.toString();
        }
        return quote(String.valueOf(value));
    }

    /** Block-style YAML: empty collections and scalars inline, others on the following lines. */
    static String block(Object value, int indent) {
        if (!(value instanceof Map<?, ?> || value instanceof List<?>)
                || value instanceof Map<?, ?> map && map.isEmpty() || value instanceof List<?> list && list.isEmpty()) {
            return json(value);
        }
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setDefaultScalarStyle(DumperOptions.ScalarStyle.PLAIN);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        options.setWidth(Integer.MAX_VALUE);
        options.setSplitLines(false);
        String dumped = new Yaml(options).dump(value).stripTrailing();
        String pad = " ".repeat(indent);
        StringBuilder text = new StringBuilder();
        for (String line : dumped.split("\n")) {
            text.append('\n').append(pad).append(line);
        }
        return text.toString();
    }

    private static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7F || c >= 0x80 && c < 0xA0 || c == 0x2028 || c == 0x2029 || c == 0xFEFF) {
                        quoted.append(String.format("\\u%04X", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }

    /** A Go string literal: Helm evaluates it to exactly the given text. */
    static String goString(String text) {
        return quote(text);
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    private interface Body {
        Object apply(Object value, String[] args);
    }

    private static Filter filter(String name, Body body) {
        return new Filter() {
            @Override
            public String getName() {
                return name;
            }

            @Override
            public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
                return body.apply(var, args);
            }
        };
    }
}

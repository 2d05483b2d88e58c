package io.matrixmon.core.render;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The filters that put model data into the chart. Each one quotes for its destination, so a
 * descriptor string reaches the chart literally whatever it contains ({{ }}, quotes, newlines).
 */
final class Filters {

    private static final Pattern PLAIN_SCALAR = Pattern.compile("[A-Za-z_][A-Za-z0-9_./-]*");
    /** Plain scalars YAML 1.1 (and so Helm) would read as booleans or null. */
    private static final Pattern YAML_KEYWORD = Pattern.compile("(?i)true|false|yes|no|on|off|y|n|null|~");
    private static final Pattern LINE_BREAK = Pattern.compile("[\\r\\n\\u0085\\u2028\\u2029]");
    private static final Pattern CAMEL_HUMP = Pattern.compile("([a-z0-9])([A-Z])");

    private Filters() {
    }

    static List<Filter> all() {
        return List.of(
                filter("yaml", (value, args) -> json(value)),
                filter("toyaml", (value, args) -> block(value, args.length == 0 ? 0 : Integer.parseInt(args[0]))),
                filter("helmstring", (value, args) -> "{{ " + goString(String.valueOf(value)) + " | quote }}"),
                // A Go string literal, for text (Prometheus templates) inside a Helm action.
                filter("gostring", (value, args) -> goString(String.valueOf(value))),
                filter("kebab", (value, args) -> kebab(String.valueOf(value))),
                filter("comment", (value, args) -> comment(String.valueOf(value))),
                // A template's own check: stops the render with the message, named by file and line.
                filter("fail", (value, args) -> {
                    throw new IllegalArgumentException(String.valueOf(value));
                }));
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
        StringBuilder text = new StringBuilder();
        emit(value, " ".repeat(indent), text);
        return text.toString();
    }

    /** Each entry on its own line after a newline; strings quoted unless plainly safe. */
    private static void emit(Object value, String pad, StringBuilder out) {
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                out.append('\n').append(pad).append(scalar(String.valueOf(entry.getKey()))).append(':');
                child(entry.getValue(), pad + "  ", out);
            }
        } else {
            for (Object item : (List<?>) value) {
                out.append('\n').append(pad).append('-');
                if (item instanceof Map<?, ?> map && !map.isEmpty()) {
                    StringBuilder nested = new StringBuilder();
                    emit(item, pad + "  ", nested);
                    // The first key goes on the dash's line.
                    out.append(' ').append(nested.substring(pad.length() + 3));
                } else {
                    child(item, pad + "  ", out);
                }
            }
        }
    }

    private static void child(Object value, String pad, StringBuilder out) {
        if (value instanceof Map<?, ?> map && !map.isEmpty() || value instanceof List<?> list && !list.isEmpty()) {
            emit(value, pad, out);
        } else {
            out.append(' ').append(value instanceof String text ? scalar(text) : json(value));
        }
    }

    /** A string as a plain YAML scalar when that cannot be misread, else double-quoted. */
    private static String scalar(String text) {
        boolean plain = PLAIN_SCALAR.matcher(text).matches() && !YAML_KEYWORD.matcher(text).matches();
        return plain ? text : quote(text);
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

    /** Text safe inside a YAML comment: every character YAML may read as a line break becomes a space. */
    static String comment(String text) {
        return LINE_BREAK.matcher(text).replaceAll(" ");
    }

    static String kebab(String camel) {
        return CAMEL_HUMP.matcher(camel).replaceAll("$1-$2").toLowerCase(java.util.Locale.ROOT);
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

package io.matrixmon.core.render;

import java.util.List;
import java.util.Map;

/** A small, deterministic JSON writer for the files the chart carries (schema, dashboards). */
final class Json {

    private Json() {
    }

    static String pretty(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out, "");
        return out.append('\n').toString();
    }

    private static void write(Object value, StringBuilder out, String indent) {
        if (value instanceof Map<?, ?> map && !map.isEmpty()) {
            out.append("{\n");
            int i = 0;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                out.append(indent).append("  ").append(Filters.json(String.valueOf(entry.getKey()))).append(": ");
                write(entry.getValue(), out, indent + "  ");
                out.append(++i < map.size() ? ",\n" : "\n");
            }
            out.append(indent).append('}');
        } else if (value instanceof List<?> list && !list.isEmpty()) {
            out.append("[\n");
            for (int i = 0; i < list.size(); i++) {
                out.append(indent).append("  ");
                write(list.get(i), out, indent + "  ");
                out.append(i + 1 < list.size() ? ",\n" : "\n");
            }
            out.append(indent).append(']');
        } else {
            out.append(Filters.json(value));
        }
    }
}

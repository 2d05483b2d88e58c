package io.matrixmon.core.descriptor;

import java.util.Map;
import org.yaml.snakeyaml.error.Mark;

/** Where the user wrote each path, so that checks made after merging still point at a line. */
record Origins(String source, Map<String, Mark> marks) {

    static Origins none(String source) {
        return new Origins(source, Map.of());
    }

    /** A problem at the path, located at the path (a key or a list item) or its nearest ancestor the user wrote. */
    Problem problem(String path, String message) {
        for (String candidate = path; ; candidate = parent(candidate)) {
            Mark mark = marks.get(candidate);
            if (mark != null) {
                return new Problem(source, mark.getLine() + 1, mark.getColumn() + 1, path, message);
            }
            if (candidate.isEmpty()) {
                return new Problem(source, 0, 0, path, message);
            }
        }
    }

    /** The enclosing path: a.b[0] is inside a.b, a.b inside a. */
    private static String parent(String path) {
        if (path.endsWith("]")) {
            return path.substring(0, path.lastIndexOf('['));
        }
        int dot = path.lastIndexOf('.');
        return dot < 0 ? "" : path.substring(0, dot);
    }
}

package io.matrixmon.core.descriptor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Collects the problems found while a {@link Spec} reads one YAML document, and bounds the work
 * (aliases can make a small document expand into a huge tree).
 */
final class Reader {

    private static final int MAX_NODES = 100_000;
    private static final Set<Tag> STANDARD_TAGS = Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.MAP,
            Tag.SEQ);

    private final String source;
    private final List<Problem> problems = new ArrayList<>();
    private final Map<String, Mark> marks = new HashMap<>();
    private int visited;

    Reader(String source) {
        this.source = source;
    }

    /** Counts one visited node; false once the document has expanded past a sane size. */
    boolean visit(Node node, String path) {
        if (!STANDARD_TAGS.contains(node.getTag())) {
            report(node, path, "the YAML tag " + node.getTag().getValue()
                    + " is not supported; a descriptor holds plain values");
            return false;
        }
        if (++visited == MAX_NODES + 1) {
            report(node, path, "the document expands to more than " + MAX_NODES
                    + " values (aliases referring to aliases?); a deployment descriptor is far smaller");
        }
        return visited <= MAX_NODES;
    }

    void report(Node node, String path, String message) {
        int line = node == null ? 0 : node.getStartMark().getLine() + 1;
        int column = node == null ? 0 : node.getStartMark().getColumn() + 1;
        problems.add(new Problem(source, line, column, path, message));
    }

    /** Remembers where a key or a list item was written, for problems found later; false if it was written before. */
    boolean locate(String path, Node keyNode) {
        return marks.putIfAbsent(path, keyNode.getStartMark()) == null;
    }

    /** Where each located path starts, for problems found after reading (cross-field checks). */
    Map<String, Mark> marks() {
        return marks;
    }

    String source() {
        return source;
    }

    List<Problem> problems() {
        return problems;
    }
}

package io.matrixmon.core.lint;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The metric names a PromQL expression reads. A small scanner, not a parser: it skips strings,
 * label matchers ({...}), ranges ([...]), numbers, keywords, and the label lists of by, without,
 * on, ignoring, group_left and group_right; an identifier followed by '(' is a function.
 */
final class PromqlMetrics {

    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without",
            "on", "ignoring", "group_left", "group_right", "inf", "nan", "atan2", "start", "end",
            // aggregation operators may be followed by "by (...)" before their "(".
            "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk",
            "quantile", "limitk", "limit_ratio");
    private static final Set<String> LABEL_LISTS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right");

    private PromqlMetrics() {
    }

    static Set<String> of(String expression) {
        Set<String> metrics = new LinkedHashSet<>();
        String text = expression;
        int i = 0;
        String previousWord = "";
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = skipString(text, i);
            } else if (c == '{') {
                i = skipTo(text, i, '}');
            } else if (c == '[') {
                i = skipTo(text, i, ']');
            } else if (c == '(' && LABEL_LISTS.contains(previousWord)) {
                i = skipTo(text, i, ')');
                previousWord = "";
            } else if (Character.isDigit(c) || c == '.' && i + 1 < text.length() && Character.isDigit(text.charAt(i + 1))) {
                i = skipNumber(text, i);
            } else if (Character.isLetter(c) || c == '_' || c == ':') {
                int start = i;
                while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_'
                        || text.charAt(i) == ':')) {
                    i++;
                }
                String word = text.substring(start, i);
                int next = i;
                while (next < text.length() && Character.isWhitespace(text.charAt(next))) {
                    next++;
                }
                boolean call = next < text.length() && text.charAt(next) == '(';
                if (!call && !KEYWORDS.contains(word.toLowerCase(java.util.Locale.ROOT))) {
                    metrics.add(word);
                }
                previousWord = word.toLowerCase(java.util.Locale.ROOT);
                continue;
            } else {
                i++;
            }
            if (!Character.isWhitespace(c)) {
                previousWord = c == '(' ? previousWord : "";
            }
        }
        return metrics;
    }

    private static int skipString(String text, int start) {
        char quote = text.charAt(start);
        int i = start + 1;
        while (i < text.length() && text.charAt(i) != quote) {
            i += text.charAt(i) == '\\' && quote != '`' ? 2 : 1;
        }
        return i + 1;
    }

    private static int skipTo(String text, int start, char close) {
        char open = text.charAt(start);
        int depth = 0;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = skipString(text, i) - 1;
            } else if (c == open) {
                depth++;
            } else if (c == close && --depth == 0) {
                return i + 1;
            }
        }
        return text.length();
    }

    private static int skipNumber(String text, int start) {
        int i = start;
        while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '.'
                || (text.charAt(i) == '+' || text.charAt(i) == '-') && (text.charAt(i - 1) == 'e'
                        || text.charAt(i - 1) == 'E'))) {
            i++;
        }
        return i;
    }
}

package io.matrixmon.core.rules;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills the ${...} placeholders of rule-tests.yaml with the chart's values: a value's path gives
 * its text, arithmetic on the alert's threshold a number.
 */
record Expander(Map<String, Object> values, double threshold) {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]+)}");

    String text(String template) {
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String expression = matcher.group(1).strip();
            String replacement = expression.matches("[A-Za-z][\\w-]*(\\.[\\w-]+)+")
                    ? String.valueOf(lookup(expression)) : plain(evaluate(matcher.group(), expression));
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        return matcher.appendTail(out).toString();
    }

    double number(String template) {
        String text = text(template);
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new Unfillable(template, template + (text.equals(template) ? "" : " gives '" + text + "', which")
                    + " is no number; expected a number or arithmetic on threshold such as ${threshold * 1.5}");
        }
    }

    Map<String, String> labels(Map<String, Object> fixtureLabels, Map<String, String> ruleLabels) {
        Map<String, String> labels = new LinkedHashMap<>();
        fixtureLabels.forEach((key, value) -> labels.put(key, text(String.valueOf(value))));
        labels.putAll(ruleLabels);
        return labels;
    }

    @SuppressWarnings("unchecked")
    private Object lookup(String path) {
        Object current = values;
        for (String part : path.split("\\.")) {
            current = current instanceof Map<?, ?> map ? ((Map<String, Object>) map).get(part) : null;
        }
        if (current == null) {
            throw new Unfillable("${" + path + "}", "${" + path + "} is no value of the chart; expected the path"
                    + " of one in its values.yaml, such as ${redis.job}");
        }
        return current;
    }

    private double evaluate(String placeholder, String expression) {
        try {
            return Arithmetic.evaluate(expression, threshold);
        } catch (IllegalArgumentException e) {
            throw new Unfillable(placeholder, placeholder + " is neither the path of a value (${redis.job}) nor"
                    + " arithmetic on threshold (${threshold * 1.5}): " + e.getMessage());
        }
    }

    private static String plain(double number) {
        return new BigDecimal(Double.toString(number)).stripTrailingZeros().toPlainString();
    }

    /** A placeholder of a fixture that the chart's values cannot fill, and why. */
    static final class Unfillable extends IllegalStateException {

        private final String placeholder;
        /** The fixture's key that holds it, when the caller knows it ("value"); null otherwise. */
        private final String key;

        Unfillable(String placeholder, String message) {
            this(placeholder, null, message);
        }

        private Unfillable(String placeholder, String key, String message) {
            super(message);
            this.placeholder = placeholder;
            this.key = key;
        }

        String placeholder() {
            return placeholder;
        }

        String key() {
            return key;
        }
    }

    /** A number from the fixture's key (absent: 0); a mistake names the key. */
    double number(Map<String, Object> fixture, String key) {
        Object template = fixture.get(key);
        try {
            return template == null ? 0 : number(String.valueOf(template));
        } catch (Unfillable e) {
            throw new Unfillable(e.placeholder(), key, e.getMessage());
        }
    }
}

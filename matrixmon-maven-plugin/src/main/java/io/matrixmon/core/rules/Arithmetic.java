package io.matrixmon.core.rules;

/** + - * / and parentheses over numbers and the name {@code threshold}, for test fixtures. */
final class Arithmetic {

    private final String text;
    private final double threshold;
    private int position;

    private Arithmetic(String text, double threshold) {
        this.text = text.replace(" ", "");
        this.threshold = threshold;
    }

    static double evaluate(String expression, double threshold) {
        Arithmetic parser = new Arithmetic(expression, threshold);
        double value = parser.sum();
        if (parser.position != parser.text.length()) {
            throw new IllegalArgumentException("cannot read '" + expression + "' at " + parser.position);
        }
        return value;
    }

    private double sum() {
        double value = product();
        while (position < text.length() && (peek() == '+' || peek() == '-')) {
            value = text.charAt(position++) == '+' ? value + product() : value - product();
        }
        return value;
    }

    private double product() {
        double value = factor();
        while (position < text.length() && (peek() == '*' || peek() == '/')) {
            value = text.charAt(position++) == '*' ? value * factor() : value / factor();
        }
        return value;
    }

    private double factor() {
        if (peek() == '(') {
            position++;
            double value = sum();
            position++;
            return value;
        }
        if (text.startsWith("threshold", position)) {
            position += "threshold".length();
            return threshold;
        }
        int start = position;
        while (position < text.length() && (Character.isDigit(peek()) || peek() == '.' || peek() == 'e')) {
            position++;
        }
        return Double.parseDouble(text.substring(start, position));
    }

    private char peek() {
        return text.charAt(position);
    }
}

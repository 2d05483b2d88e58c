package io.matrixmon.core.rules;

/** + - * / and parentheses over numbers and the name {@code threshold}, for test fixtures. */
final class Arithmetic {

    private final String expression;
    private final String text;
    private final double threshold;
    private int position;

    private Arithmetic(String expression, double threshold) {
        this.expression = expression;
        this.text = expression.replace(" ", "");
        this.threshold = threshold;
    }

    /** The value; an IllegalArgumentException saying what was expected where, for a text that is no sum. */
    static double evaluate(String expression, double threshold) {
        Arithmetic parser = new Arithmetic(expression, threshold);
        double value = parser.sum();
        if (parser.position != parser.text.length()) {
            throw parser.unreadable("+, -, * or /");
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
        if (position == text.length()) {
            throw unreadable("a number, threshold or (");
        }
        if (peek() == '(') {
            position++;
            double value = sum();
            if (position == text.length() || peek() != ')') {
                throw unreadable(")");
            }
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
        try {
            return Double.parseDouble(text.substring(start, position));
        } catch (NumberFormatException e) {
            position = start;
            throw unreadable("a number, threshold or (");
        }
    }

    private IllegalArgumentException unreadable(String expected) {
        String read = text.substring(0, position);
        return new IllegalArgumentException("cannot read '" + expression + "': expected " + expected
                + (read.isEmpty() ? " at its start" : " after '" + read + "'"));
    }

    private char peek() {
        return text.charAt(position);
    }
}

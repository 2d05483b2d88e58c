package io.matrixmon.core.lint;

/**
 * One lint finding: the chart file, the object, the field and what is wrong.
 */
public record Finding(String file, String object, String field, String message) {

    @Override
    public String toString() {
        return file + ": " + object + ": " + field + ": " + message;
    }
}

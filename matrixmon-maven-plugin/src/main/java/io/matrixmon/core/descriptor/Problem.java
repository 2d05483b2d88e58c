package io.matrixmon.core.descriptor;

/**
 * One thing wrong with a descriptor, located precisely enough to fix it without guessing.
 *
 * @param source the file (or embedded resource) the value came from
 * @param line 1-based line, 0 when unknown
 * @param column 1-based column, 0 when unknown
 * @param path the field path, e.g. {@code services.redis.port}
 * @param message what was expected and what was found
 */
public record Problem(String source, int line, int column, String path, String message) {

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(source);
        if (line > 0) {
            text.append(':').append(line).append(':').append(column);
        }
        text.append(": ");
        if (!path.isEmpty()) {
            text.append(path).append(": ");
        }
        return text.append(message).toString();
    }
}

package io.matrixmon.core.render;

/** A template (embedded or the user's override) that does not render; names template and line. */
public class RenderException extends Exception {

    public RenderException(String message) {
        super(message);
    }
}

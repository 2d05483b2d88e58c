package io.matrixmon.core.publish;

/** Publishing failed; the message names the repository and what it answered, never a password. */
public class PublishException extends Exception {

    public PublishException(String message) {
        super(message);
    }
}

package io.matrixmon.core.publish;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A user name and password for a registry or repository. Never printed: {@link #toString()}
 * hides the password, and nothing in this package puts it into a message.
 */
public record Credentials(String username, String password) {

    String basicAuthorization() {
        return "Basic " + Base64.getEncoder().encodeToString(
                (username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Removes the password (and its Basic form) from a text that is about to be shown. */
    String redact(String text) {
        if (text == null || password == null || password.isEmpty()) {
            return text;
        }
        return text.replace(password, "******").replace(basicAuthorization(), "Basic ******");
    }

    @Override
    public String toString() {
        return "Credentials[username=" + username + ", password=******]";
    }
}

package dev.portmonitor.config;

import java.util.Arrays;
import java.util.Objects;

/**
 * A password, token or key. Its text comes out only through {@link #reveal()}; {@link #toString()}
 * and every record that holds one print {@code ****}, so a secret cannot reach a log line, an
 * exception message or a page by accident. {@link #source()} says where it came from, for messages.
 */
public final class Secret {

    private final char[] value;
    private final String source;

    public Secret(String value, String source) {
        this.value = Objects.requireNonNull(value, "value").toCharArray();
        this.source = source;
    }

    public String reveal() {
        return new String(value);
    }

    /** Where the value came from: "environment variable SMTP_PASSWORD", "file /run/secrets/pm". */
    public String source() {
        return source;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret secret && Arrays.equals(value, secret.value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "****";
    }
}

package dev.portmonitor.notify;

import java.time.Duration;

/**
 * A delivery that failed, and whether trying again may help: timeouts, 5xx and 429 may; other 4xx
 * do not. The message never contains a secret.
 */
public final class DeliveryException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean retryable;
    private final transient Duration retryAfter;

    public DeliveryException(String message, boolean retryable, Duration retryAfter) {
        super(message, null, false, false);
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    public static DeliveryException retryable(String message) {
        return new DeliveryException(message, true, null);
    }

    public static DeliveryException permanent(String message) {
        return new DeliveryException(message, false, null);
    }

    public boolean retryable() {
        return retryable;
    }

    /** What the receiver asked for (Retry-After, Telegram's retry_after), or null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}

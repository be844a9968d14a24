package dev.portmonitor.target;

/**
 * A target the user wrote cannot be used. The message quotes the input, says what is wrong and what
 * is allowed; it is meant to be shown to the user as it is, without a stack trace.
 */
public final class InvalidTargetException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidTargetException(String message) {
        super(message);
    }
}

package dev.portmonitor.probe;

import io.netty.channel.ChannelException;
import io.netty.channel.ConnectTimeoutException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;
import dev.portmonitor.format.Durations;

/** A failed connect attempt, classified: the outcome and a short reason in words. */
record Failure(Outcome outcome, String reason) {

    // Netty's native transport says "connect(..) failed with error(-111): Connection refused", its
    // NIO transport "Connection refused: /127.0.0.1:1", and both may append the remote address.
    private static final Pattern NATIVE_PREFIX = Pattern.compile("^\\w+\\(\\.\\.\\) failed( with error\\(-?\\d+\\))?: ?");
    private static final Pattern ADDRESS_SUFFIX = Pattern.compile(": [^ ]*/[0-9a-fA-F.:%\\[\\]]+(:\\d+)?$");

    static Failure classify(Throwable thrown, Duration timeout) {
        Throwable cause = unwrap(thrown);
        String message = clean(cause.getMessage());
        String lower = message == null ? "" : message.toLowerCase(Locale.ROOT);
        if (cause instanceof ConnectTimeoutException || lower.contains("timed out")) {
            return new Failure(Outcome.TIMEOUT, "no answer within " + Durations.format(timeout));
        }
        if (cause instanceof UnknownHostException) {
            return new Failure(Outcome.UNRESOLVED, "name does not resolve");
        }
        if (lower.contains("network is unreachable")) {
            return new Failure(Outcome.UNREACHABLE, "network is unreachable");
        }
        if (cause instanceof NoRouteToHostException || lower.contains("no route to host")
                || lower.contains("host is unreachable")) {
            // Netty's native transport reports both ENETUNREACH and EHOSTUNREACH this way, without a message.
            return new Failure(Outcome.UNREACHABLE, message == null || message.isEmpty()
                    ? "no route to host (host or network unreachable)" : "no route to host");
        }
        if (cause instanceof ConnectException && lower.contains("refused")) {
            return new Failure(Outcome.REFUSED, "connection refused");
        }
        if (message == null || message.isEmpty()) {
            return new Failure(Outcome.ERROR, cause.getClass().getSimpleName());
        }
        String kind = cause instanceof IOException ? "" : cause.getClass().getSimpleName() + ": ";
        return new Failure(Outcome.ERROR, kind + decapitalise(message));
    }

    private static Throwable unwrap(Throwable thrown) {
        Throwable cause = thrown;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException
                || cause instanceof ChannelException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    static String clean(String message) {
        if (message == null) {
            return null;
        }
        String cleaned = NATIVE_PREFIX.matcher(message.strip()).replaceFirst("");
        return ADDRESS_SUFFIX.matcher(cleaned).replaceFirst("");
    }

    private static String decapitalise(String text) {
        if (text.length() > 1 && Character.isUpperCase(text.charAt(0)) && Character.isLowerCase(text.charAt(1))) {
            return Character.toLowerCase(text.charAt(0)) + text.substring(1);
        }
        return text;
    }
}

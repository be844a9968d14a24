package dev.portmonitor.probe;

import java.time.Duration;

/**
 * How a {@link ProbeKind} reads its own keys of a monitor's configuration, without knowing the
 * configuration's format: the configuration binder implements it, and reports each problem with the
 * key's path and line.
 */
public interface SettingsReader {

    /** The key's text, or null when absent (an empty or non-scalar value is reported as a problem). */
    String text(String key);

    /** The key's duration, at least {@code min}, or null when absent or invalid (and reported). */
    Duration duration(String key, Duration min);

    /** The key's whole number in {@code [min, max]}, or null when absent or invalid (and reported). */
    Integer integer(String key, int min, int max);

    /** {@code true} or {@code false} (any case), null when absent; anything else is reported. */
    default Boolean bool(String key) {
        String text = text(key);
        if (text == null) {
            return null;
        }
        return switch (text.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> {
                problem(key, "\"" + text + "\" is not true or false");
                yield null;
            }
        };
    }

    /** The key's regular expression, compiled; null when absent or invalid (reported with the regex error). */
    default java.util.regex.Pattern regex(String key) {
        return regex(key, text(key));
    }

    /** {@code text}, the key's value already read, as a regular expression; null when null or invalid (reported). */
    default java.util.regex.Pattern regex(String key, String text) {
        if (text == null) {
            return null;
        }
        try {
            return java.util.regex.Pattern.compile(text);
        } catch (java.util.regex.PatternSyntaxException e) {
            problem(key, "\"" + text + "\" is not a valid regular expression: " + e.getDescription()
                    + (e.getIndex() >= 0 ? " near index " + e.getIndex() : ""));
            return null;
        }
    }

    /** Reports a problem with a key's value; the message says what is wrong and what is allowed. */
    void problem(String key, String message);
}

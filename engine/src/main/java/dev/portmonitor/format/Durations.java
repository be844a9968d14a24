package dev.portmonitor.format;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them: {@code 500ms}, {@code 2s}, {@code 1.5s}, {@code 2m}, {@code 1h},
 * {@code 1m30s}. The same syntax on the command line, in configuration files and in Jenkins.
 */
public final class Durations {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?) *([a-zµ]*) *");
    private static final String ALLOWED = "write a number and a unit (ms, s, m, h, d), for example 500ms, 2s, 1m30s or 400d";

    private Durations() {
    }

    /**
     * Parses a duration.
     *
     * @throws IllegalArgumentException with a message that quotes the text and says what is allowed
     */
    public static Duration parse(String text) {
        String input = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (input.isEmpty()) {
            throw new IllegalArgumentException("empty duration; " + ALLOWED);
        }
        Matcher matcher = PART.matcher(input);
        BigDecimal nanos = BigDecimal.ZERO;
        int position = 0;
        while (position < input.length()) {
            if (!matcher.find(position) || matcher.start() != position) {
                throw new IllegalArgumentException(quote(text) + " is not a duration; " + ALLOWED);
            }
            String unit = matcher.group(2);
            if (unit.isEmpty() && matcher.end() < input.length()) {
                throw new IllegalArgumentException(quote(text) + " is not a duration; " + ALLOWED);
            }
            if (unit.isEmpty()) {
                throw new IllegalArgumentException(quote(text) + " has no unit; " + ALLOWED);
            }
            nanos = nanos.add(new BigDecimal(matcher.group(1)).multiply(BigDecimal.valueOf(nanosPer(unit, text))));
            position = matcher.end();
        }
        if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException(quote(text) + " is too long; " + ALLOWED);
        }
        return Duration.ofNanos(nanos.longValue());
    }

    private static long nanosPer(String unit, String text) {
        return switch (unit) {
            case "us", "µs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            case "d" -> 86_400_000_000_000L;
            default -> throw new IllegalArgumentException(quote(text) + " has an unknown unit \"" + unit + "\"; " + ALLOWED);
        };
    }

    /** The shortest exact text that {@link #parse} reads back: {@code 2s}, {@code 500ms}, {@code 1m30.5s}, {@code 400d} (whole days from two days on). */
    public static String format(Duration duration) {
        long nanos = duration.toNanos();
        if (nanos == 0) {
            return "0s";
        }
        if (nanos < 1_000_000_000L) {
            if (nanos % 1_000_000L == 0) {
                return nanos / 1_000_000L + "ms";
            }
            return BigDecimal.valueOf(nanos, 3).stripTrailingZeros().toPlainString() + "us";
        }
        StringBuilder out = new StringBuilder();
        long seconds = nanos / 1_000_000_000L;
        long fraction = nanos % 1_000_000_000L;
        if (seconds >= 2 * 86_400 && seconds % 86_400 == 0 && fraction == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds >= 3600) {
            out.append(seconds / 3600).append('h');
            seconds %= 3600;
        }
        if (seconds >= 60) {
            out.append(seconds / 60).append('m');
            seconds %= 60;
        }
        if (seconds > 0 || fraction > 0) {
            out.append(BigDecimal.valueOf(seconds * 1_000_000_000L + fraction, 9).stripTrailingZeros().toPlainString()).append('s');
        }
        return out.toString();
    }

    /** A span for people: whole seconds from a minute on, milliseconds below; "0s" for none or negative. */
    public static String formatRounded(Duration duration) {
        if (duration == null || duration.isNegative()) {
            return "0s";
        }
        return format(duration.compareTo(Duration.ofMinutes(1)) >= 0
                ? duration.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                : duration.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    }

    /** A latency in microseconds as milliseconds: {@code 0.214 ms}, {@code 12.5 ms}, {@code 1530 ms}. */
    public static String formatLatency(long micros) {
        if (micros < 0) {
            return "-";
        }
        double millis = micros / 1000.0;
        if (millis < 10) {
            return String.format(Locale.ROOT, "%.3f ms", millis);
        }
        if (millis < 1000) {
            return String.format(Locale.ROOT, "%.1f ms", millis);
        }
        return String.format(Locale.ROOT, "%.0f ms", millis);
    }

    private static String quote(String text) {
        return "\"" + (text == null ? "" : text) + "\"";
    }
}

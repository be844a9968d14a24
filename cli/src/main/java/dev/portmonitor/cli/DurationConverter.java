package dev.portmonitor.cli;

import dev.portmonitor.format.Durations;
import dev.portmonitor.probe.ProbeOptions;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code 500ms}, {@code 2s}, {@code 1m30s}; picocli names the option in its error. */
final class DurationConverter implements ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        Duration duration;
        try {
            duration = Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
        if (duration.isZero()) {
            throw new TypeConversionException("\"" + value + "\" must be longer than zero");
        }
        if (duration.compareTo(ProbeOptions.MAX_DURATION) > 0) {
            throw new TypeConversionException("\"" + value + "\" is longer than the 24h allowed");
        }
        return duration;
    }
}

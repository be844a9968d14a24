package dev.portmonitor.verify;

import dev.portmonitor.format.Durations;
import dev.portmonitor.probe.ProbeKind;
import dev.portmonitor.probe.ProbeKinds;
import dev.portmonitor.probe.ProbeSettings;
import dev.portmonitor.probe.SettingsReader;
import dev.portmonitor.target.InvalidTargetException;
import dev.portmonitor.target.Target;
import dev.portmonitor.target.TargetParser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One target of a verify with the check that knocks on it: its kind and that kind's settings, bound
 * from the options the target gave ({@code tls://shop.example.com?warnDays=30}, the step's map form).
 */
public record Check(Target target, ProbeKind kind, ProbeSettings settings, Map<String, String> options) {

    /**
     * @param options the options the settings were bound from, kept so that the check can be sent
     *     elsewhere (a Jenkins agent) and bound again; empty for settings bound from a configuration
     */
    public Check {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(settings, "settings");
        options = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(options));
    }

    public Check(Target target, ProbeKind kind, ProbeSettings settings) {
        this(target, kind, settings, Map.of());
    }

    /** Parses {@code [name=][KIND://]host[:port][/path][?key=value...]} and binds the kind's options. */
    public static Check parse(String text, boolean required) {
        TargetParser.Parsed parsed = TargetParser.parse(text, required, ProbeKinds.SCHEMES);
        return of(parsed.target(), parsed.options());
    }

    /** A check of this target's kind with these options (the kind's keys); every problem in one exception. */
    public static Check of(Target target, Map<String, String> options) {
        ProbeKind kind = ProbeKinds.named(target.kind()).orElseThrow(() -> new InvalidTargetException(
                "\"" + target + "\": unknown kind \"" + target.kind() + "\"; the kinds are " + ProbeKinds.kindNames()));
        List<String> problems = new ArrayList<>();
        for (String key : options.keySet()) {
            if (!kind.settingKeys().contains(key)) {
                problems.add(kind.settingKeys().isEmpty() ? "a " + kind.name() + " check has no option \"" + key + "\""
                        : "unknown option \"" + key + "\" for a " + kind.name() + " check; its options are "
                        + String.join(", ", kind.settingKeys()));
            }
        }
        ProbeSettings settings = kind.binder().apply(new MapReader(options, problems));
        if (!problems.isEmpty()) {
            throw new InvalidTargetException("\"" + target + "\": " + String.join("; ", problems));
        }
        return new Check(target, kind, settings, options);
    }

    /** A check of the target's own kind with its default settings. */
    public static Check of(Target target) {
        return of(target, Map.of());
    }

    /** The same check of the target, required or not. */
    public Check withTarget(Target newTarget) {
        return new Check(newTarget, kind, settings, options);
    }

    /** Reads the options of one target; problems are collected, each naming its option. */
    private record MapReader(Map<String, String> options, List<String> problems) implements SettingsReader {

        @Override
        public String text(String key) {
            String value = options.get(key);
            if (value != null && value.isBlank()) {
                problems.add("option \"" + key + "\" is empty");
                return null;
            }
            return value;
        }

        @Override
        public Duration duration(String key, Duration min) {
            String value = text(key);
            if (value == null) {
                return null;
            }
            try {
                Duration duration = Durations.parse(value);
                if (duration.compareTo(min) < 0) {
                    problems.add("option \"" + key + "\" must be at least " + Durations.format(min));
                    return null;
                }
                return duration;
            } catch (IllegalArgumentException e) {
                problems.add("option \"" + key + "\": " + e.getMessage());
                return null;
            }
        }

        @Override
        public Integer integer(String key, int min, int max) {
            String value = text(key);
            if (value == null) {
                return null;
            }
            try {
                int number = Integer.parseInt(value.strip());
                if (number >= min && number <= max) {
                    return number;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            problems.add("option \"" + key + "\" is \"" + value + "\"; expected a whole number from " + min + " to " + max);
            return null;
        }

        @Override
        public void problem(String key, String message) {
            problems.add("option \"" + key + "\": " + message);
        }
    }
}

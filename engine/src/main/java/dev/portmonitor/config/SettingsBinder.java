package dev.portmonitor.config;

import static dev.portmonitor.config.Values.join;
import static dev.portmonitor.config.Values.line;
import static dev.portmonitor.config.Values.or;

import dev.portmonitor.config.ConfigNode.MapNode;
import dev.portmonitor.config.ConfigNode.NullNode;
import dev.portmonitor.monitor.ConfirmationPolicy;
import dev.portmonitor.probe.CloseMode;
import dev.portmonitor.probe.ProbeOptions;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** The {@code defaults:} block, and the same keys on a monitor, each over what it inherits. */
final class SettingsBinder {

    /** The keys of {@code defaults:}; a monitor takes them too. */
    static final List<String> KEYS = List.of("timeout", "slowThreshold", "failuresBeforeAlert",
            "successesBeforeRecovery", "slowBeforeDegraded", "reminderEvery", "maxReminders", "closeMode");

    /** The settings a monitor inherits, after the defaults block. */
    record Settings(Duration timeout, Duration slowThreshold, int failuresBeforeAlert, int successesBeforeRecovery,
                    int slowBeforeDegraded, Duration reminderEvery, int maxReminders, CloseMode closeMode) {

        static final Settings BUILT_IN = builtIn(ConfirmationPolicy.DEFAULT);

        private static Settings builtIn(ConfirmationPolicy policy) {
            return new Settings(Defaults.TIMEOUT, null, policy.failuresBeforeAlert(), policy.successesBeforeRecovery(),
                    policy.slowBeforeDegraded(), policy.reminderEvery(), policy.maxReminders(), Defaults.CLOSE_MODE);
        }

        ProbeOptions probe() {
            return new ProbeOptions(timeout, slowThreshold, closeMode);
        }

        ConfirmationPolicy policy() {
            return new ConfirmationPolicy(failuresBeforeAlert, successesBeforeRecovery, slowBeforeDegraded, reminderEvery,
                    maxReminders);
        }
    }

    private final Values values;

    SettingsBinder(Values values) {
        this.values = values;
    }

    /** The {@code defaults:} block over the built-in settings. */
    Settings defaults(ConfigNode node) {
        if (node == null || node instanceof NullNode) {
            return Settings.BUILT_IN;
        }
        MapNode map = values.map(node, "defaults", KEYS);
        return map == null ? Settings.BUILT_IN : of(map, "defaults", Settings.BUILT_IN);
    }

    /** The settings keys of a mapping over the inherited ones; the mapping's other keys are its binder's. */
    Settings of(MapNode map, String path, Settings inherited) {
        return new Settings(
                or(values.duration(map, "timeout", path, Defaults.MIN_TIMEOUT, ProbeOptions.MAX_DURATION), inherited.timeout()),
                or(values.duration(map, "slowThreshold", path, Defaults.MIN_SLOW_THRESHOLD,
                        ProbeOptions.MAX_DURATION), inherited.slowThreshold()),
                or(checks(map, "failuresBeforeAlert", path), inherited.failuresBeforeAlert()),
                or(checks(map, "successesBeforeRecovery", path), inherited.successesBeforeRecovery()),
                or(checks(map, "slowBeforeDegraded", path), inherited.slowBeforeDegraded()),
                or(values.duration(map, "reminderEvery", path, Defaults.MIN_REMINDER_EVERY), inherited.reminderEvery()),
                or(values.integer(map, "maxReminders", path, Defaults.MIN_MAX_REMINDERS, Defaults.MAX_MAX_REMINDERS),
                        inherited.maxReminders()),
                or(closeMode(map, path), inherited.closeMode()));
    }

    private Integer checks(MapNode map, String key, String path) {
        return values.integer(map, key, path, Defaults.MIN_CHECKS, Defaults.MAX_CHECKS);
    }

    private CloseMode closeMode(MapNode map, String path) {
        String text = values.text(map, "closeMode", path);
        if (text == null) {
            return null;
        }
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "normal" -> CloseMode.NORMAL;
            case "reset" -> CloseMode.RESET;
            default -> {
                values.problem(join(path, "closeMode"), line(map, "closeMode"), "\"" + text + "\" is not a close mode; use normal or reset");
                yield null;
            }
        };
    }
}

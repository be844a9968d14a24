package dev.portmonitor.config;

import static dev.portmonitor.config.Values.join;
import static dev.portmonitor.config.Values.line;

import dev.portmonitor.config.ConfigNode.MapNode;
import dev.portmonitor.config.ConfigNode.ScalarNode;
import dev.portmonitor.probe.ProbeKind;
import dev.portmonitor.probe.ProbeKinds;
import dev.portmonitor.probe.ProbeSettings;
import dev.portmonitor.probe.SettingsReader;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A monitor's {@code check:} (which probe checks it, {@code tcp} unless it says otherwise; also read
 * as {@code kind:}, its first name) and that
 * kind's own keys, read by the kind's binder through a {@link SettingsReader} that reports each
 * problem with its path and line.
 */
final class KindBinder {

    /** The key that names a monitor's kind of check. */
    static final String KEY = "check";
    /** Its first name, still read. */
    static final String ALIAS = "kind";

    private final Values values;
    private final List<ProbeKind> kinds;

    /** @param kinds the kinds there are ({@link ProbeKinds#all()}); the first is the default */
    KindBinder(Values values, List<ProbeKind> kinds) {
        this.values = values;
        this.kinds = kinds;
    }

    /**
     * The kind a monitor names, read before its keys are checked (the kind decides which keys are
     * allowed); the default ({@code tcp}) when it names none, null when it names one that does not exist.
     */
    ProbeKind kindOf(ConfigNode monitor, String path) {
        if (!(monitor instanceof MapNode map)) {
            return kinds.get(0);
        }
        String key = map.entries().containsKey(KEY) ? KEY : ALIAS;
        if (map.entries().containsKey(KEY) && map.entries().containsKey(ALIAS)) {
            values.problem(join(path, ALIAS), line(map, ALIAS), "give the kind once, as check: (kind: is its older name)");
        }
        if (!(map.entries().get(key) instanceof ScalarNode scalar)) {
            return kinds.get(0);
        }
        String name = scalar.text().strip();
        ProbeKind kind = kinds.stream().filter(k -> k.name().equals(name)).findFirst().orElse(null);
        if (kind == null) {
            Set<String> known = kinds.stream().map(ProbeKind::name).collect(Collectors.toCollection(LinkedHashSet::new));
            values.problem(join(path, key), line(map, key), Values.unknown("check", name, known));
        }
        return kind;
    }

    /** The kind's own settings of a monitor whose keys were checked. */
    ProbeSettings settings(ProbeKind kind, MapNode map, String path) {
        return kind.binder().apply(new SettingsReader() {
            @Override
            public String text(String key) {
                return values.text(map, key, path);
            }

            @Override
            public Duration duration(String key, Duration min) {
                return values.duration(map, key, path, min);
            }

            @Override
            public Integer integer(String key, int min, int max) {
                return values.integer(map, key, path, min, max);
            }

            @Override
            public void problem(String key, String message) {
                values.problem(join(path, key), line(map, key), message);
            }
        });
    }
}

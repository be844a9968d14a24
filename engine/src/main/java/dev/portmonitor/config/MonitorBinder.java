package dev.portmonitor.config;

import static dev.portmonitor.config.Values.line;

import dev.portmonitor.config.ConfigNode.MapNode;
import dev.portmonitor.config.SettingsBinder.Settings;
import dev.portmonitor.format.Durations;
import dev.portmonitor.probe.ProbeKind;
import dev.portmonitor.probe.ProbeSettings;
import dev.portmonitor.target.InvalidTargetException;
import dev.portmonitor.target.Target;
import dev.portmonitor.target.TargetParser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** The {@code monitors:} list, each monitor resolved: the defaults, then its tier, then its own keys. */
final class MonitorBinder {

    private static final List<String> KEYS = Stream.concat(
            Stream.of("id", "name", "check", "kind", "host", "port", "tier", "interval", "channels", "tags", "enabled"),
            SettingsBinder.KEYS.stream()).toList();

    private final Values values;
    private final SettingsBinder settings;
    private final KindBinder kinds;
    private final Settings defaults;
    private final Map<String, Tier> tiers = new LinkedHashMap<>();
    private final Set<String> channelIds;
    private final Set<String> seen = new HashSet<>();
    /** Tiers declared with problems of their own (reported there). */
    private final Set<String> brokenTiers;

    MonitorBinder(Values values, Settings defaults, List<Tier> tiers, Set<String> brokenTiers, Set<String> channelIds,
                  List<ProbeKind> kinds) {
        this.brokenTiers = brokenTiers;
        this.values = values;
        this.settings = new SettingsBinder(values);
        this.kinds = new KindBinder(values, kinds);
        this.defaults = defaults;
        tiers.forEach(t -> this.tiers.put(t.id(), t));
        this.channelIds = channelIds;
    }

    List<MonitorSpec> bind(ConfigNode node) {
        List<MonitorSpec> monitors = new ArrayList<>();
        values.items(node, "monitors").forEach((path, item) -> {
            ProbeKind kind = kinds.kindOf(item, path);
            List<String> allowed = kind == null ? KEYS : Stream.concat(KEYS.stream(), kind.settingKeys().stream()).toList();
            MapNode map = values.map(item, path, allowed);
            MonitorSpec monitor = map == null || kind == null ? null : monitor(map, path, kind);
            if (monitor != null) {
                monitors.add(monitor);
            }
        });
        return monitors;
    }

    private MonitorSpec monitor(MapNode map, String path, ProbeKind kind) {
        int before = values.problems().size();
        String id = values.id(map, path, seen, "monitor");
        String name = values.text(map, "name", path);
        String host = values.text(map, "host", path);
        // read by kindOf already; this reports a kind that is empty or not one word
        values.text(map, map.entries().containsKey(KindBinder.KEY) ? KindBinder.KEY : KindBinder.ALIAS, path);
        boolean defaultPort = !map.entries().containsKey("port") && kind.defaultPort() > 0;
        Integer port = defaultPort ? Integer.valueOf(kind.defaultPort()) : values.port(map, path);
        ProbeSettings kindSettings = kinds.settings(kind, map, path);
        Tier tier = tier(map, path);
        Duration interval = values.duration(map, "interval", path, Defaults.MIN_INTERVAL);
        Settings own = settings.of(map, path, defaults);
        List<String> channels = map.entries().containsKey("channels") ? ChannelsBinder.references(values, map, path, channelIds)
                : tier != null ? tier.channels() : List.of();
        List<String> tags = values.strings(map, "tags", path);
        Boolean enabled = values.bool(map, "enabled", path);
        if (host == null && !map.entries().containsKey("host")) {
            values.problem(path, map.line(), "needs a host");
        }
        if (port == null && !map.entries().containsKey("port")) {
            values.problem(path, map.line(), "needs a port");
        }
        if (interval == null && tier == null && !map.entries().containsKey("tier") && !map.entries().containsKey("interval")) {
            values.problem(path, map.line(), "needs a tier (" + String.join(", ", tiers.keySet()) + ") or an interval");
        }
        Duration effective = interval != null ? interval : tier != null ? tier.interval() : null;
        if (effective != null && own.timeout().compareTo(effective) > 0) {
            values.problem(path + ".timeout", line(map, "timeout"), Durations.format(own.timeout())
                    + " is longer than the interval " + Durations.format(effective) + "; a check must end before the next starts");
        }
        Target target = null;
        if (host != null && port != null) {
            try {
                target = TargetParser.structured(host, port, name, true).withKind(kind.name());
            } catch (InvalidTargetException e) {
                values.problem(path + ".host", line(map, "host"), e.getMessage());
            }
        }
        if (values.problems().size() != before || id == null || target == null || effective == null) {
            return null;
        }
        return new MonitorSpec(id, name, target, tier == null ? null : tier.id(), effective, kind, own.probe(), kindSettings,
                own.policy(), channels, tags, enabled == null || enabled);
    }

    private Tier tier(MapNode map, String path) {
        String id = values.text(map, "tier", path);
        if (id == null) {
            return null;
        }
        Tier tier = tiers.get(id);
        if (tier == null && !brokenTiers.contains(id)) {
            Set<String> declared = new java.util.LinkedHashSet<>(tiers.keySet());
            declared.addAll(brokenTiers);
            values.problem(path + ".tier", line(map, "tier"), Values.unknown("tier", id, declared));
        }
        return tier;
    }
}

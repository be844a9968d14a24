package dev.portmonitor.config;

import dev.portmonitor.config.ChannelKinds.Kind;
import dev.portmonitor.config.ConfigNode.MapNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** The {@code channels:} list: each an id and exactly one kind's block, bound by that kind's binder. */
final class ChannelsBinder {

    private static final List<String> KEYS = Stream.concat(Stream.of("id"), ChannelKinds.keys().stream()).toList();

    private final Values values;
    private final SecretBinder secrets;

    ChannelsBinder(Values values, SecretBinder secrets) {
        this.values = values;
        this.secrets = secrets;
    }

    List<ChannelConfig> bind(ConfigNode node) {
        List<ChannelConfig> channels = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        values.items(node, "channels").forEach((path, item) -> {
            MapNode map = values.map(item, path, KEYS);
            if (map == null) {
                return;
            }
            String id = values.id(map, path, seen, "channel");
            List<Kind> kinds = ChannelKinds.ALL.stream().filter(kind -> map.entries().containsKey(kind.key())).toList();
            if (kinds.isEmpty()) {
                values.problem(path, map.line(), "needs a channel type: one of " + String.join(", ", ChannelKinds.keys()));
            } else if (kinds.size() > 1) {
                values.problem(path, map.line(), "has more than one channel type ("
                        + String.join(", ", kinds.stream().map(Kind::key).toList()) + "); give one");
            } else {
                Kind kind = kinds.get(0);
                ChannelConfig channel = kind.binder().apply(values, secrets)
                        .bind(id, map.entries().get(kind.key()), path + "." + kind.key());
                if (channel != null) {
                    channels.add(channel);
                }
            }
        });
        return channels;
    }

    /** The {@code channels:} of a tier or a monitor: the defined ones; each other one is a problem. */
    static List<String> references(Values values, MapNode map, String path, Set<String> channelIds) {
        return values.references(map, "channels", path, "channel", channelIds).stream().filter(channelIds::contains).toList();
    }
}

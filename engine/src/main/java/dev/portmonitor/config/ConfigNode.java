package dev.portmonitor.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A configuration tree as read from YAML (with line numbers) or built from Java maps and lists
 * (the Jenkins plugin's form), so that both are validated by the same {@link ConfigBinder}.
 */
public sealed interface ConfigNode {

    /** 1-based line in the source file; 0 when not from a file. */
    int line();

    /** A mapping; keys keep their order, a repeated key is remembered to be reported. */
    record MapNode(Map<String, ConfigNode> entries, Map<String, Integer> keyLines, List<String> repeatedKeys, int line)
            implements ConfigNode {
    }

    record ListNode(List<ConfigNode> items, int line) implements ConfigNode {
    }

    /** A scalar as written: numbers, booleans and durations are all text until bound. */
    record ScalarNode(String text, int line) implements ConfigNode {
    }

    record NullNode(int line) implements ConfigNode {
    }

    /** Builds a tree from nested maps, lists and scalars (toString of each). */
    static ConfigNode of(Object value) {
        if (value == null) {
            return new NullNode(0);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, ConfigNode> entries = new LinkedHashMap<>();
            map.forEach((k, v) -> entries.put(String.valueOf(k), of(v)));
            return new MapNode(entries, Map.of(), List.of(), 0);
        }
        if (value instanceof List<?> list) {
            List<ConfigNode> items = new ArrayList<>();
            list.forEach(item -> items.add(of(item)));
            return new ListNode(items, 0);
        }
        return new ScalarNode(String.valueOf(value), 0);
    }
}

package dev.portmonitor.config;

import dev.portmonitor.config.ConfigNode.ListNode;
import dev.portmonitor.config.ConfigNode.MapNode;
import dev.portmonitor.config.ConfigNode.NullNode;
import dev.portmonitor.config.ConfigNode.ScalarNode;
import dev.portmonitor.format.Durations;
import dev.portmonitor.target.TargetParser;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The readers every section binder shares, and the problems they found. A reader reports what is wrong
 * at its path and line and returns null (or an empty list or map), so that a binder reads on and the
 * user gets every problem at once; an absent key gives null and no problem.
 */
final class Values {

    private final List<ConfigProblem> problems = new ArrayList<>();

    /** The problems so far; a binder compares their number before and after its part to tell whether it added any. */
    List<ConfigProblem> problems() {
        return problems;
    }

    void problem(String path, int line, String message) {
        problems.add(new ConfigProblem(path, line, message));
    }

    /** A mapping with only the allowed keys; an absent or empty node is an empty mapping, anything else null. */
    MapNode map(ConfigNode node, String path, List<String> allowed) {
        if (node == null || node instanceof NullNode) {
            return new MapNode(Map.of(), Map.of(), List.of(), node == null ? 0 : node.line());
        }
        if (!(node instanceof MapNode map)) {
            problem(path, node.line(), "expected a mapping (key: value)");
            return null;
        }
        for (String key : map.entries().keySet()) {
            if (!allowed.contains(key)) {
                String hint = Suggestions.nearest(key, allowed).map(s -> "did you mean \"" + s + "\"?")
                        .orElse(allowed.isEmpty() ? "nothing is expected here" : "allowed: " + String.join(", ", allowed));
                problem(join(path, key), line(map, key), "unknown key; " + hint);
            }
        }
        for (String key : map.repeatedKeys()) {
            problem(join(path, key), line(map, key), "key appears more than once");
        }
        return map;
    }

    /** The items of a list, each under its path ({@code monitors[3]}). */
    Map<String, ConfigNode> items(ConfigNode node, String path) {
        Map<String, ConfigNode> items = new LinkedHashMap<>();
        if (node == null || node instanceof NullNode) {
            return items;
        }
        if (!(node instanceof ListNode list)) {
            problem(path, node.line(), "expected a list (- item)");
            return items;
        }
        for (int i = 0; i < list.items().size(); i++) {
            items.put(path + "[" + i + "]", list.items().get(i));
        }
        return items;
    }

    String text(MapNode map, String key, String path) {
        ConfigNode node = map.entries().get(key);
        if (node == null || node instanceof NullNode) {
            return null;
        }
        if (node instanceof ScalarNode scalar) {
            String text = scalar.text().strip();
            if (text.isEmpty()) {
                problem(join(path, key), node.line(), "must not be empty");
                return null;
            }
            return text;
        }
        problem(join(path, key), node.line(), "expected a single value, not a " + (node instanceof ListNode ? "list" : "mapping"));
        return null;
    }

    Integer port(MapNode map, String path) {
        String text = text(map, "port", path);
        if (text == null) {
            return null;
        }
        Long value = parseLong(text);
        if (value == null || value < TargetParser.MIN_PORT || value > TargetParser.MAX_PORT) {
            problem(join(path, "port"), line(map, "port"), text + " is not a port (1-65535)");
            return null;
        }
        return value.intValue();
    }

    Integer integer(MapNode map, String key, String path, int min, int max) {
        String text = text(map, key, path);
        if (text == null) {
            return null;
        }
        Long value = parseLong(text);
        if (value == null) {
            problem(join(path, key), line(map, key), "\"" + text + "\" is not a whole number (" + min + "-" + max + ")");
            return null;
        }
        if (value < min || value > max) {
            problem(join(path, key), line(map, key), text + " is out of range (" + min + "-" + max + ")");
            return null;
        }
        return value.intValue();
    }

    private static Long parseLong(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    Duration duration(MapNode map, String key, String path, Duration min) {
        return duration(map, key, path, min, null);
    }

    /** A duration in {@code [min, max]}; {@code max} null for no upper bound. */
    Duration duration(MapNode map, String key, String path, Duration min, Duration max) {
        String text = text(map, key, path);
        if (text == null) {
            return null;
        }
        try {
            Duration duration = Durations.parse(text);
            if (duration.compareTo(min) < 0 || (max != null && duration.compareTo(max) > 0)) {
                problem(join(path, key), line(map, key), text + (duration.compareTo(min) < 0
                        ? " is too short; at least " + Durations.format(min) : " is too long; at most " + Durations.format(max)));
                return null;
            }
            return duration;
        } catch (IllegalArgumentException e) {
            problem(join(path, key), line(map, key), e.getMessage());
            return null;
        }
    }

    /** A time zone id ({@code UTC}, {@code Europe/Paris}); null when absent or wrong (a problem then). */
    java.time.ZoneId zone(MapNode map, String key, String path) {
        String text = text(map, key, path);
        if (text == null) {
            return null;
        }
        try {
            return java.time.ZoneId.of(text);
        } catch (java.time.DateTimeException e) {
            problem(join(path, key), line(map, key), "\"" + text + "\" is not a time zone, like UTC or Europe/Paris");
            return null;
        }
    }

    static final com.cronutils.parser.CronParser CRON = new com.cronutils.parser.CronParser(
            com.cronutils.model.definition.CronDefinitionBuilder.instanceDefinitionFor(com.cronutils.model.CronType.UNIX));

    /** A five-field cron expression, parsed; null when absent or wrong (a problem then). */
    com.cronutils.model.time.ExecutionTime cron(MapNode map, String key, String path) {
        String text = text(map, key, path);
        if (text == null) {
            return null;
        }
        try {
            return com.cronutils.model.time.ExecutionTime.forCron(CRON.parse(text));
        } catch (IllegalArgumentException e) {
            problem(join(path, key), line(map, key), "\"" + text + "\" is not a cron expression "
                    + "(minute hour day-of-month month day-of-week, like \"0 2 * * SUN\"): " + e.getMessage());
            return null;
        }
    }

    Boolean bool(MapNode map, String key, String path) {
        String text = text(map, key, path);
        if (text == null) {
            return null;
        }
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> {
                problem(join(path, key), line(map, key), "\"" + text + "\" is not true or false");
                yield null;
            }
        };
    }

    Instant instant(MapNode map, String key, String path) {
        String text = text(map, key, path);
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            problem(join(path, key), line(map, key), "\"" + text + "\" is not a date and time with an offset, like 2026-12-01T22:00:00Z");
            return null;
        }
    }

    List<String> strings(MapNode map, String key, String path) {
        ConfigNode node = map.entries().get(key);
        if (node == null || node instanceof NullNode) {
            return List.of();
        }
        if (!(node instanceof ListNode list)) {
            problem(join(path, key), node.line(), "expected a list, like [a, b]");
            return List.of();
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < list.items().size(); i++) {
            ConfigNode item = list.items().get(i);
            if (item instanceof ScalarNode scalar && !scalar.text().isBlank()) {
                values.add(scalar.text().strip());
            } else {
                problem(join(path, key) + "[" + i + "]", item.line(), "expected a single value");
            }
        }
        return values;
    }

    Map<String, String> stringMap(MapNode parent, String key, String path) {
        ConfigNode node = parent.entries().get(key);
        Map<String, String> values = new LinkedHashMap<>();
        if (node == null || node instanceof NullNode) {
            return values;
        }
        if (!(node instanceof MapNode map)) {
            problem(join(path, key), node.line(), "expected a mapping of names to values");
            return values;
        }
        map.entries().forEach((name, value) -> {
            if (value instanceof ScalarNode scalar) {
                values.put(name, scalar.text());
            } else {
                problem(join(path, key) + "." + name, value.line(), "expected a single value");
            }
        });
        return values;
    }

    /** The id of a monitor, tier, channel or window: valid and not taken yet ({@code seen} remembers it). */
    String id(MapNode map, String path, Set<String> seen, String kind) {
        String id = text(map, "id", path);
        if (id == null) {
            if (!map.entries().containsKey("id")) {
                problem(path, map.line(), "needs an id");
            }
            return null;
        }
        if (!ConfigBinder.isId(id)) {
            problem(path + ".id", line(map, "id"), "\"" + id + "\" is not a valid id; use letters, digits, \".\", \"_\" and \"-\""
                    + " (at most 64, starting with a letter or digit)");
            return null;
        }
        if (!seen.add(id)) {
            problem(path + ".id", line(map, "id"), "duplicate " + kind + " id \"" + id + "\"");
            return null;
        }
        return id;
    }

    /** A list of ids of defined things; each unknown one is a problem, yet all are returned. */
    List<String> references(MapNode map, String key, String path, String kind, Set<String> defined) {
        List<String> refs = strings(map, key, path);
        for (int i = 0; i < refs.size(); i++) {
            if (!defined.contains(refs.get(i))) {
                problem(join(path, key) + "[" + i + "]", line(map, key), unknown(kind, refs.get(i), defined));
            }
        }
        return refs;
    }

    static String unknown(String kind, String id, Set<String> defined) {
        String suggestion = Suggestions.nearest(id, defined).map(s -> "; did you mean \"" + s + "\"?").orElse(
                defined.isEmpty() ? "; no " + kind + "s are defined" : "; defined: " + String.join(", ", defined.stream().sorted().toList()));
        return "unknown " + kind + " \"" + id + "\"" + suggestion;
    }

    static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }

    static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** The line of a key, or of its mapping when the key is absent or its line unknown. */
    static int line(MapNode map, String key) {
        Integer line = map.keyLines().get(key);
        return line != null ? line : map.line();
    }
}

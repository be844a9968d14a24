package dev.portmonitor.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portmonitor.testing.Fuzz;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Random configurations, nearly right and badly wrong, at the binder and the loader (issue 11):
 * whatever comes in, the answer is a configuration or an {@link InvalidConfigException} whose every
 * problem has a message, never another exception. Bounded by the number of tries; the seed of a
 * failing run is printed.
 */
class ConfigFuzzTest {

    /** Values that have broken binders before, or sit at a boundary. */
    private static final List<String> SCALARS = List.of("", " ", "0", "-1", "1", "2", "3", "100", "101", "65535",
            "65536", "70000", "99999999999", "abc", "1s", "100ms", "99ms", "0s", "-1s", "25h", "48h", "1m30s", "2x",
            "true", "no", "maybe", "tier1", "tier9", "oncall", "db", "127.0.0.1", "::1", "[::1]", "db.test", "db$",
            "fe80::1%eth0", "http://127.0.0.1:99999/x", "https://h.example.com/x", "http://user:pw@/p", "mailto:a@b.c",
            "a@b.c", "ops@localhost", "not an address", "0 2 * * SUN", "61 * * * *", "Europe/Paris", "Mars/Base",
            "2026-12-01T00:00:00Z", "2026-13-01", "starttls", "ssl", "none", "normal", "reset", "tcp", "tpc",
            "-1001234567890", "@channel_name", "ops room", "\u0000", "\u00e9", "%s", "${x}", "*");
    private static final List<String> MONITOR_KEYS = List.of("id", "name", "kind", "host", "port", "tier", "interval",
            "channels", "tags", "enabled", "timeout", "slowThreshold", "failuresBeforeAlert", "successesBeforeRecovery",
            "slowBeforeDegraded", "reminderEvery", "maxReminders", "closeMode", "prot");
    private static final Map<String, List<String>> CHANNEL_KEYS = Map.of(
            "log", List.of("x"),
            "webhook", List.of("url", "headers", "timeout", "secret", "deliveryDeadline"),
            "telegram", List.of("botToken", "chatId", "baseUrl", "timeout", "deliveryDeadline", "messageThreadId"),
            "mail", List.of("host", "port", "security", "username", "password", "from", "to", "subject", "trust", "timeout",
                    "deliveryDeadline"));
    private static final List<String> SECRET_KEYS = List.of("botToken", "secret", "password");
    private static final List<String> YAML_PIECES = List.of("portMonitor:", "\n", "  ", "- ", "{", "}", "[", "]", ": ",
            ",", "\"", "'", "&a ", "*a", "!!binary ", "#", "monitors", "id", "host", "port", "5432", "interval", "1m",
            "channels", "log", "{}", "\t", "---", "...", "? ", "|", ">", "\u00e9", "\uFEFF", "%YAML 1.1\n", "<<: ");

    private final Fuzz fuzz = Fuzz.seeded();

    private Object scalar() {
        int kind = fuzz.below(10);
        return kind < 7 ? fuzz.pick(SCALARS) : kind < 9 ? fuzz.anyText(12) : null;
    }

    /** Mostly a scalar; sometimes a list or a map where a scalar belongs. */
    private Object value(List<String> keys) {
        int kind = fuzz.below(10);
        return kind < 8 ? scalar() : kind == 8 ? fuzz.listOf(3, this::scalar) : map(keys, this::scalar);
    }

    private Map<String, Object> map(List<String> keys, java.util.function.Supplier<Object> values) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (String key : keys) {
            if (fuzz.chance(50)) {
                map.put(key, values.get());
            }
        }
        return map;
    }

    private Object secret() {
        return switch (fuzz.below(5)) {
            case 0 -> Map.of("env", fuzz.chance(50) ? "SET" : "UNSET");
            case 1 -> Map.of("file", "/nonexistent/secret");
            case 2 -> Map.of("credentials", "cred");
            case 3 -> Map.of("env", "SET", "file", "/x");
            default -> scalar();
        };
    }

    private Object channel() {
        String kind = fuzz.pick(List.copyOf(CHANNEL_KEYS.keySet()));
        List<String> keys = CHANNEL_KEYS.get(kind);
        Map<String, Object> settings = map(keys, () -> value(keys));
        SECRET_KEYS.stream().filter(keys::contains).findFirst().ifPresent(key -> settings.put(key, secret()));
        Map<String, Object> channel = new LinkedHashMap<>();
        channel.put("id", fuzz.pick(SCALARS));
        channel.put(kind, kind.equals("log") && fuzz.chance(80) ? Map.of() : settings);
        if (fuzz.chance(10)) {
            channel.put("mail", Map.of("host", "h"));
        }
        return channel;
    }

    /** A monitor that binds, give or take what {@link #value} puts in the keys it also gets. */
    private Map<String, Object> saneMonitor() {
        Map<String, Object> monitor = new LinkedHashMap<>();
        monitor.put("id", "m" + fuzz.below(1000));
        monitor.put("host", fuzz.pick(List.of("127.0.0.1", "db.test", "::1")));
        monitor.put("port", String.valueOf(1 + fuzz.below(65535)));
        monitor.put("interval", fuzz.pick(List.of("1m", "30s", "2h")));
        if (fuzz.chance(30)) {
            String key = fuzz.pick(MONITOR_KEYS);
            monitor.put(key, value(MONITOR_KEYS));
        }
        return monitor;
    }

    private Map<String, Object> configuration() {
        Map<String, Object> root = new LinkedHashMap<>();
        if (fuzz.chance(40)) {
            // Nearly right: sane monitors, a log channel, and at most one odd value each.
            root.put("monitors", fuzz.listOf(4, this::saneMonitor));
            root.put("channels", List.of(Map.of("id", "console", "log", Map.of())));
            return root;
        }
        root.put("monitors", fuzz.listOf(4, () -> map(MONITOR_KEYS, () -> value(MONITOR_KEYS))));
        root.put("channels", fuzz.listOf(3, this::channel));
        if (fuzz.chance(50)) {
            root.put("tiers", fuzz.listOf(2, () -> map(List.of("id", "interval", "channels"), () -> value(List.of("id")))));
        }
        root.put("maintenance", fuzz.listOf(2, () -> map(List.of("id", "cron", "duration", "timezone", "start", "end",
                "monitors", "tags"), () -> value(List.of("id")))));
        root.put("storm", map(List.of("events", "window", "enabled", "size"), this::scalar));
        root.put("defaults", map(MONITOR_KEYS.subList(10, 18), this::scalar));
        if (fuzz.chance(5)) {
            root.put("extra", scalar());
        }
        return root;
    }

    @Test
    void shouldBindOrReportEveryConfiguration() {
        ConfigBinder.CredentialsLookup lookup = id -> id.equals("cred") ? new Secret("123456:credential", "credential cred")
                : null;
        int[] bound = new int[1];
        fuzz.forAll(3_000, this::configuration, root -> {
            try {
                assertThat(ConfigBinder.bind(ConfigNode.of(root), "fuzz", name -> name.equals("SET") ? "123456:from-env"
                        : null, lookup)).isNotNull();
                bound[0]++;
            } catch (InvalidConfigException reported) {
                assertThat(reported.problems()).isNotEmpty()
                        .allSatisfy(problem -> assertThat(problem.message()).isNotBlank());
            }
            return null;
        });
        System.out.println("ConfigFuzzTest: " + bound[0] + " of 3000 random configurations bound, the rest reported");
    }

    @Test
    void shouldParseOrReportAnyText() {
        fuzz.forAll(3_000, () -> String.join("", fuzz.listOf(40, () -> fuzz.pick(YAML_PIECES))), text -> {
            try {
                ConfigLoader.parse(text, "fuzz.yaml", name -> null);
            } catch (InvalidConfigException reported) {
                assertThat(reported.problems()).isNotEmpty();
            }
            return null;
        });
    }
}

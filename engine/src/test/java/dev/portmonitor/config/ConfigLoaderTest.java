package dev.portmonitor.config;

import dev.portmonitor.monitor.ConfirmationPolicy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.portmonitor.probe.CloseMode;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigLoaderTest {

    private static final String VALID = """
            portMonitor:
              defaults: {timeout: 3s, failuresBeforeAlert: 2, successesBeforeRecovery: 1}
              tiers:
                - {id: tier1, interval: 1m, channels: [oncall]}
                - {id: tier2, interval: 5m}
              channels:
                - {id: oncall, log: {}}
                - id: quiet
                  log:
              monitors:
                - {id: orders-db, name: Orders database, host: DB.Internal, port: 5432, tier: tier1}
                - {id: cache, host: cache.internal, port: 6379, tier: tier2, slowThreshold: 200ms, tags: [cache]}
                - {id: search, host: "::1", port: 9200, interval: 30s, timeout: 2s, channels: [quiet], enabled: false,
                   failuresBeforeAlert: 3, reminderEvery: 30m, maxReminders: 5, closeMode: reset}
            """;

    @Test
    void shouldLoadAValidFileWithDefaultsAndTiersApplied() throws InvalidConfigException {
        PortMonitorConfig config = ConfigLoader.parse(VALID, "test.yaml");

        assertThat(config.monitors()).extracting(MonitorSpec::id).containsExactly("orders-db", "cache", "search");
        MonitorSpec db = config.monitor("orders-db").orElseThrow();
        assertThat(db.label()).isEqualTo("Orders database");
        assertThat(db.target().hostPort()).isEqualTo("db.internal:5432");
        assertThat(db.interval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(db.channels()).containsExactly("oncall");
        assertThat(db.probe().timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(db.confirmation()).isEqualTo(new ConfirmationPolicy(2, 1, 3, null, 3));
        assertThat(db.enabled()).isTrue();

        MonitorSpec cache = config.monitor("cache").orElseThrow();
        assertThat(cache.interval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(cache.channels()).isEmpty();
        assertThat(cache.probe().slowThreshold()).isEqualTo(Duration.ofMillis(200));
        assertThat(cache.tags()).containsExactly("cache");

        MonitorSpec search = config.monitor("search").orElseThrow();
        assertThat(search.tier()).isNull();
        assertThat(search.target().hostPort()).isEqualTo("[::1]:9200");
        assertThat(search.interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(search.enabled()).isFalse();
        assertThat(search.channels()).containsExactly("quiet");
        assertThat(search.probe().closeMode()).isEqualTo(CloseMode.RESET);
        assertThat(search.confirmation()).isEqualTo(new ConfirmationPolicy(3, 1, 3, Duration.ofMinutes(30), 5));
        assertThat(config.channels()).extracting(ChannelConfig::id).containsExactly("oncall", "quiet");
    }

    @Test
    void shouldUseTheDefaultTiersWhenNoneAreGiven() throws InvalidConfigException {
        PortMonitorConfig config = ConfigLoader.parse("""
                portMonitor:
                  monitors:
                    - {id: db, host: localhost, port: 5432, tier: tier3}
                """, "test.yaml");

        assertThat(config.tiers()).extracting(Tier::id).containsExactly("tier1", "tier2", "tier3");
        assertThat(config.monitors().get(0).interval()).isEqualTo(Duration.ofMinutes(15));
    }

    static Stream<Arguments> badFiles() {
        return Stream.of(
                Arguments.of("", List.of("the file is empty; expected a portMonitor: block")),
                Arguments.of("monitors: []\n", List.of("expected a portMonitor: block at the top (line 1)")),
                Arguments.of("portMonitor: {monitors: [}\n", List.of(
                        "not valid YAML: expected the node content, but found '}' (line 1)")),
                Arguments.of("""
                        portMonitor:
                          monitors:
                            - {id: db, host: db, port: 70000, tier: tier1}
                        """, List.of("monitors[0].port: 70000 is not a port (1-65535) (line 3)")),
                Arguments.of("""
                        portMonitor:
                          monitors:
                            - {id: db, host: db, prot: 5432, tier: tier1}
                        """, List.of("monitors[0].prot: unknown key; did you mean \"port\"? (line 3)",
                        "monitors[0]: needs a port (line 3)")),
                Arguments.of("""
                        portMonitor:
                          monitors:
                            - {id: db, host: db, port: 5432, tier: tier1}
                            - {id: db, host: db2, port: 5432, tier: tier1}
                        """, List.of("monitors[1].id: duplicate monitor id \"db\" (line 4)")),
                Arguments.of("""
                        portMonitor:
                          monitor:
                            - {id: db, host: db, port: 5432, tier: tier1}
                        """, List.of("monitor: unknown key; did you mean \"monitors\"? (line 2)")),
                Arguments.of("""
                        portMonitor:
                          monitors:
                            - {id: db, host: db, port: 5432}
                        """, List.of("monitors[0]: needs a tier (tier1, tier2, tier3) or an interval (line 3)")),
                Arguments.of("""
                        portMonitor:
                          monitors:
                            - {id: db, host: db, port: 5432, tier: teir1}
                        """, List.of("monitors[0].tier: unknown tier \"teir1\"; did you mean \"tier1\"? (line 3)")),
                Arguments.of("""
                        portMonitor:
                          channels: [{id: oncall, log: {}}]
                          monitors:
                            - {id: db, host: db, port: 5432, tier: tier1, channels: [oncal]}
                        """, List.of("monitors[0].channels[0]: unknown channel \"oncal\"; did you mean \"oncall\"? (line 4)")),
                Arguments.of("""
                        portMonitor:
                          monitors:
                            - {id: db, host: "db$", port: 5432, interval: 2x, timeout: 0s, failuresBeforeAlert: 0,
                               enabled: maybe, tags: cache, closeMode: rst}
                        """, List.of(
                        "monitors[0].interval: \"2x\" has an unknown unit \"x\"; write a number and a unit (ms, s, m, h), for example 500ms, 2s or 1m30s (line 3)",
                        "monitors[0].timeout: 0s is too short; at least 1ms (line 3)",
                        "monitors[0].failuresBeforeAlert: 0 is out of range (1-100) (line 3)",
                        "monitors[0].closeMode: \"rst\" is not a close mode; use normal or reset (line 4)",
                        "monitors[0].tags: expected a list, like [a, b] (line 4)",
                        "monitors[0].enabled: \"maybe\" is not true or false (line 4)",
                        "monitors[0].host: \"db$:5432\": host \"db$\" has an invalid character \"$\"; allowed: letters, digits, \"-\", \"_\" and \".\" (line 3)")),
                Arguments.of("""
                        portMonitor:
                          monitors:
                            - {id: "Orders DB", host: db, port: 5432, interval: 10s, timeout: 30s}
                        """, List.of(
                        "monitors[0].id: \"Orders DB\" is not a valid id; use letters, digits, \".\", \"_\" and \"-\" (at most 64, starting with a letter or digit) (line 3)",
                        "monitors[0].timeout: 30s is longer than the interval 10s; a check must end before the next starts (line 3)")),
                Arguments.of("""
                        portMonitor:
                          monitors:
                            - {host: db, port: five, interval: 10s}
                        """, List.of("monitors[0]: needs an id (line 3)", "monitors[0].port: five is not a port (1-65535) (line 3)")),
                Arguments.of("""
                        portMonitor:
                          tiers:
                            - {id: fast}
                            - {id: fast, interval: 10ms}
                          channels:
                            - {id: a}
                            - {id: b, log: {}, slack: {}}
                          monitors: {id: db}
                        """, List.of(
                        "channels[0]: needs a channel type: one of log, webhook, telegram, mail (line 6)",
                        "channels[1].slack: unknown key; allowed: id, log, webhook, telegram, mail (line 7)",
                        "tiers[0]: needs an interval, for example 1m (line 3)",
                        "tiers[1].id: duplicate tier id \"fast\" (line 4)",
                        "tiers[1].interval: 10ms is too short; at least 100ms (line 4)",
                        "monitors: expected a list (- item) (line 8)")),
                Arguments.of("""
                        portMonitor:
                          defaults: {timeout: 3, maxReminders: -1}
                          monitors: []
                        extra: 1
                        """, List.of(
                        "extra: unknown key; only portMonitor is expected at the top (line 4)",
                        "defaults.timeout: \"3\" has no unit; write a number and a unit (ms, s, m, h), for example 500ms, 2s or 1m30s (line 2)",
                        "defaults.maxReminders: -1 is out of range (0-1000) (line 2)")),
                Arguments.of("""
                        portMonitor:
                          monitors:
                            - id: db
                              host: db
                              port: 5432
                              port: 5433
                              interval: 10s
                        """, List.of("monitors[0].port: key appears more than once (line 6)")));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("badFiles")
    void shouldReportEveryProblemWithItsPath(String yaml, List<String> expected) {
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> ConfigLoader.parse(yaml, "bad.yaml"));

        assertThat(e).as("rejected").isNotNull();
        assertThat(e.problems()).extracting(ConfigProblem::toString).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(e.getMessage()).startsWith("bad.yaml: " + expected.size() + (expected.size() == 1 ? " problem" : " problems"));
    }

    @Test
    void shouldBindWebhookAndTelegramChannelsWithSecretsByReference(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path secretFile = dir.resolve("pm-secret");
        java.nio.file.Files.writeString(secretFile, "file-secret\n");
        PortMonitorConfig config = ConfigLoader.parse("""
                portMonitor:
                  channels:
                    - {id: incidents, webhook: {url: "https://hooks.example.com/pm", headers: {X-Team: ops},
                       secret: {file: %s}, timeout: 3s}}
                    - {id: oncall, telegram: {botToken: {env: TELEGRAM_BOT_TOKEN}, chatId: "-100123"}}
                """.formatted(secretFile), "test.yaml", name -> name.equals("TELEGRAM_BOT_TOKEN") ? "123:abc" : null);

        WebhookChannelConfig webhook = (WebhookChannelConfig) config.channel("incidents").orElseThrow();
        assertThat(webhook.url().toString()).isEqualTo("https://hooks.example.com/pm");
        assertThat(webhook.headers()).containsEntry("X-Team", "ops");
        assertThat(webhook.secret().reveal()).isEqualTo("file-secret");
        assertThat(webhook.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(webhook.deliveryDeadline()).isEqualTo(Duration.ofMinutes(2));
        TelegramChannelConfig telegram = (TelegramChannelConfig) config.channel("oncall").orElseThrow();
        assertThat(telegram.botToken().reveal()).isEqualTo("123:abc");
        assertThat(telegram.baseUrl().toString()).isEqualTo("https://api.telegram.org");
        assertThat(telegram.toString()).doesNotContain("123:abc").doesNotContain("file-secret").contains("****");
        assertThat(webhook.toString()).doesNotContain("file-secret");
    }

    @Test
    void shouldRejectSecretsGivenAsValuesAndBadChannelSettings() {
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> ConfigLoader.parse("""
                portMonitor:
                  channels:
                    - {id: a, webhook: {url: "ftp://files.example.com/x", secret: "hunter2"}}
                    - {id: b, telegram: {botToken: {env: MISSING_TOKEN}, chatId: "ops room"}}
                    - {id: c, telegram: {botToken: {env: X, file: /y}, chatId: "-1"}}
                    - {id: d, webhook: {headers: {X: [1]}}}
                """, "bad.yaml", name -> null));

        assertThat(e.problems()).extracting(ConfigProblem::toString).containsExactlyInAnyOrder(
                "channels[0].webhook.url: \"ftp://files.example.com...\" is not an http or https URL (line 3)",
                "channels[0].webhook.secret: give a secret by reference, {env: NAME} or {file: /path}, never its value in the file (line 3)",
                "channels[1].telegram.botToken.env: environment variable MISSING_TOKEN is not set (line 4)",
                "channels[1].telegram.chatId: \"ops room\" is not a chat id; give a number (-1001234567890) or a channel's @username (line 4)",
                "channels[2].telegram.botToken: give exactly one of env or file (line 5)",
                "channels[3].webhook.headers.X: expected a single value (line 6)",
                "channels[3].webhook: needs a url, for example https://hooks.example.com/port-monitor (line 6)");
        assertThat(e.getMessage()).doesNotContain("hunter2");
    }

    @Test
    void shouldBindTheSameShapeFromJavaMaps() throws InvalidConfigException {
        // The Jenkins plugin hands its configuration over as maps and lists: same rules, same messages.
        ConfigNode tree = ConfigNode.of(java.util.Map.of("monitors", List.of(
                java.util.Map.of("id", "db", "host", "localhost", "port", 70000, "interval", "10s"))));

        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> ConfigBinder.bind(tree, "Jenkins"));

        assertThat(e.problems()).extracting(ConfigProblem::toString).containsExactly("monitors[0].port: 70000 is not a port (1-65535)");
    }

    @Test
    void shouldTakeSecretsFromCredentialsOnlyWhereALookupIsGiven() throws InvalidConfigException {
        java.util.Map<String, Object> channels = java.util.Map.of("channels", List.of(
                java.util.Map.of("id", "hooks", "webhook", java.util.Map.of("url", "https://hooks.example.com/pm",
                        "secret", java.util.Map.of("credentials", "pm-webhook"))),
                java.util.Map.of("id", "phone", "telegram", java.util.Map.of("chatId", "-100123",
                        "botToken", java.util.Map.of("credentials", "missing")))));

        InvalidConfigException outside = catchThrowableOfType(InvalidConfigException.class,
                () -> ConfigBinder.bind(ConfigNode.of(channels), "cli", name -> null));
        assertThat(outside.problems()).extracting(ConfigProblem::toString).containsExactly(
                "channels[0].webhook.secret.credentials: credentials are looked up only inside Jenkins; here give {env: NAME} or {file: /path}",
                "channels[1].telegram.botToken.credentials: credentials are looked up only inside Jenkins; here give {env: NAME} or {file: /path}");

        ConfigBinder.CredentialsLookup lookup = id -> id.equals("pm-webhook") ? new Secret("s3cret-value", "credential pm-webhook") : null;
        InvalidConfigException missing = catchThrowableOfType(InvalidConfigException.class,
                () -> ConfigBinder.bind(ConfigNode.of(channels), "Jenkins", name -> null, lookup));
        assertThat(missing.problems()).extracting(ConfigProblem::toString).containsExactly(
                "channels[1].telegram.botToken.credentials: no credential \"missing\" holding a secret (secret text, or username with password)");

        PortMonitorConfig bound = ConfigBinder.bind(ConfigNode.of(channels.entrySet().stream().collect(
                java.util.stream.Collectors.toMap(java.util.Map.Entry::getKey, e -> List.of(((List<?>) e.getValue()).get(0))))),
                "Jenkins", name -> null, lookup);
        WebhookChannelConfig webhook = (WebhookChannelConfig) bound.channel("hooks").orElseThrow();
        assertThat(webhook.secret().reveal()).isEqualTo("s3cret-value");
        assertThat(webhook.toString()).doesNotContain("s3cret-value");

        InvalidConfigException both = catchThrowableOfType(InvalidConfigException.class, () -> ConfigBinder.bind(
                ConfigNode.of(java.util.Map.of("channels", List.of(java.util.Map.of("id", "x", "webhook", java.util.Map.of(
                        "url", "https://h.example.com", "secret", java.util.Map.of("env", "A", "credentials", "b")))))),
                "Jenkins", name -> "v", lookup));
        assertThat(both.problems()).extracting(ConfigProblem::toString).containsExactly(
                "channels[0].webhook.secret: give exactly one of env, file or credentials");
    }

    @Test
    void shouldReadAHundredThousandMonitors() throws InvalidConfigException {
        StringBuilder yaml = new StringBuilder("portMonitor:\n  monitors:\n");
        for (int i = 0; i < 100_000; i++) {
            yaml.append("    - {id: m").append(i).append(", host: 127.0.0.1, port: ").append(1024 + i % 1000)
                    .append(", interval: 60s}\n");
        }
        assertThat(yaml.length()).as("beyond SnakeYAML's default 3 MB").isGreaterThan(3 * 1024 * 1024);

        assertThat(ConfigLoader.parse(yaml.toString(), "big.yaml").monitors()).hasSize(100_000);
    }
}

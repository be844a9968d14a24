package dev.portmonitor.config;

import dev.portmonitor.monitor.ConfirmationPolicy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.portmonitor.probe.CloseMode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

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
    void shouldBindHistoryAndReviewSettingsOrTheirDefaults() throws InvalidConfigException {
        PortMonitorConfig config = ConfigLoader.parse("""
                portMonitor:
                  channels:
                    - {id: ops, log: {}}
                  history: {keepIncidents: 30d, timezone: Europe/Berlin, deployWindow: 10m, announcePatterns: true}
                  review: {schedule: "30 7 2 * *", channels: [ops]}
                """, "history.yaml");

        assertThat(config.history()).isEqualTo(new HistorySettings(java.time.Duration.ofDays(30),
                java.time.ZoneId.of("Europe/Berlin"), java.time.Duration.ofMinutes(10), true));
        assertThat(config.review().schedule()).isEqualTo("30 7 2 * *");
        assertThat(config.review().timezone()).as("the history's zone").isEqualTo(java.time.ZoneId.of("Europe/Berlin"));
        assertThat(config.review().channels()).containsExactly("ops");
        assertThat(config.review().next(java.time.Instant.parse("2026-11-15T00:00:00Z")))
                .contains(java.time.Instant.parse("2026-12-02T06:30:00Z"));

        PortMonitorConfig plain = ConfigLoader.parse("portMonitor: {}\n", "plain.yaml");
        assertThat(plain.history()).isEqualTo(HistorySettings.defaults());
        assertThat(plain.history().keepIncidents()).isEqualTo(java.time.Duration.ofDays(400));
        assertThat(plain.review().channels()).isEmpty();
        assertThat(plain.review().next(java.time.Instant.parse("2026-11-15T00:00:00Z")).map(i -> i.atZone(
                java.time.ZoneId.systemDefault()).toLocalDateTime())).contains(java.time.LocalDateTime.parse("2026-12-01T08:00"));
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

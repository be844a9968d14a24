package dev.portmonitor.config;

import dev.portmonitor.config.ConfigNode.ListNode;
import dev.portmonitor.config.ConfigNode.MapNode;
import dev.portmonitor.config.ConfigNode.NullNode;
import dev.portmonitor.config.ConfigNode.ScalarNode;
import dev.portmonitor.format.Durations;
import dev.portmonitor.probe.CloseMode;
import dev.portmonitor.probe.ProbeOptions;
import dev.portmonitor.target.InvalidTargetException;
import dev.portmonitor.target.Target;
import dev.portmonitor.target.TargetParser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.time.Instant;
import java.util.function.Function;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Turns the tree under {@code portMonitor:} into a {@link PortMonitorConfig}, or reports every
 * problem at once, each with its path ({@code monitors[3].port}) and line. The key names here are
 * the configuration's public shape: the CLI's YAML and the Jenkins plugin's configuration-as-code
 * block share them, so they stay stable.
 */
public final class ConfigBinder {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final List<String> ROOT_KEYS = List.of("defaults", "tiers", "channels", "monitors", "maintenance", "storm");
    private static final List<String> STORM_KEYS = List.of("events", "window", "enabled");
    private static final List<String> MAINTENANCE_KEYS = List.of("id", "cron", "duration", "timezone", "start", "end",
            "monitors", "tags");
    private static final com.cronutils.parser.CronParser CRON = new com.cronutils.parser.CronParser(
            com.cronutils.model.definition.CronDefinitionBuilder.instanceDefinitionFor(com.cronutils.model.CronType.UNIX));
    private static final List<String> SETTING_KEYS = List.of("timeout", "slowThreshold", "failuresBeforeAlert",
            "successesBeforeRecovery", "slowBeforeDegraded", "reminderEvery", "maxReminders", "closeMode");
    private static final List<String> TIER_KEYS = List.of("id", "interval", "channels");
    private static final List<String> CHANNEL_TYPES = List.of("log", "webhook", "telegram", "mail");
    private static final List<String> MAIL_KEYS = List.of("host", "port", "security", "username", "password", "from", "to",
            "subject", "trust", "timeout", "deliveryDeadline");
    private static final Pattern ADDRESS = Pattern.compile("[^@\\s<>,\"]+@[^@\\s<>,\"]+\\.[^@\\s<>,\"]+|[^@\\s<>,\"]+@localhost");
    private static final List<String> TELEGRAM_KEYS = List.of("botToken", "chatId", "baseUrl", "timeout",
            "deliveryDeadline", "messageThreadId");
    private static final List<String> WEBHOOK_KEYS = List.of("url", "headers", "timeout", "secret", "deliveryDeadline");
    private static final List<String> SECRET_KEYS = List.of("env", "file", "credentials");
    private static final List<String> CHANNEL_KEYS = Stream.concat(Stream.of("id"), CHANNEL_TYPES.stream()).toList();
    private static final List<String> MONITOR_KEYS = Stream.concat(
            Stream.of("id", "name", "host", "port", "tier", "interval", "channels", "tags", "enabled"),
            SETTING_KEYS.stream()).toList();

    private final List<ConfigProblem> problems = new ArrayList<>();
    private final Function<String, String> environment;
    private final CredentialsLookup credentials;

    /**
     * Finds a secret by the id of a credential held elsewhere (the Jenkins Credentials plugin);
     * returns null when there is no such credential or it holds no secret.
     */
    @FunctionalInterface
    public interface CredentialsLookup {
        Secret find(String credentialsId);
    }

    private ConfigBinder(Function<String, String> environment, CredentialsLookup credentials) {
        this.environment = environment;
        this.credentials = credentials;
    }

    /** Whether a text is a valid id of a monitor, tier, channel or window (the Jenkins forms ask too). */
    public static boolean isId(String text) {
        return text != null && ID.matcher(text).matches();
    }

    /** Binds the value of the {@code portMonitor} key; secrets by reference read the process environment. */
    public static PortMonitorConfig bind(ConfigNode root, String source) throws InvalidConfigException {
        return bind(root, source, System::getenv);
    }

    /** Binds with the given environment (for secrets given as {@code {env: NAME}}). */
    public static PortMonitorConfig bind(ConfigNode root, String source, Function<String, String> environment)
            throws InvalidConfigException {
        return bind(root, source, environment, null);
    }

    /**
     * Binds with the given environment and a lookup for secrets given as {@code {credentials: ID}}
     * (the Jenkins plugin's form); without a lookup such a secret is a problem.
     */
    public static PortMonitorConfig bind(ConfigNode root, String source, Function<String, String> environment,
                                         CredentialsLookup credentials) throws InvalidConfigException {
        ConfigBinder binder = new ConfigBinder(environment, credentials);
        PortMonitorConfig config = binder.root(root);
        if (!binder.problems.isEmpty()) {
            throw new InvalidConfigException(source, binder.problems);
        }
        return config;
    }

    private PortMonitorConfig root(ConfigNode node) {
        MapNode root = map(node, "", ROOT_KEYS);
        if (root == null) {
            return null;
        }
        Settings defaults = settings(root.entries().get("defaults"), "defaults", Settings.BUILT_IN);
        List<ChannelConfig> channels = channels(root.entries().get("channels"));
        Set<String> channelIds = channels.stream().map(ChannelConfig::id).collect(Collectors.toSet());
        List<Tier> tiers = tiers(root.entries().get("tiers"), channelIds);
        List<MonitorSpec> monitors = monitors(root.entries().get("monitors"), defaults, tiers, channelIds);
        List<MaintenanceWindow> maintenance = maintenance(root.entries().get("maintenance"),
                monitors.stream().map(MonitorSpec::id).collect(Collectors.toSet()));
        StormControl storm = storm(root.entries().get("storm"));
        return problems.isEmpty() ? new PortMonitorConfig(tiers, channels, monitors, maintenance, storm) : null;
    }

    // --- sections ---------------------------------------------------------------------------

    /** The settings a monitor inherits, after the defaults block. */
    private record Settings(Duration timeout, Duration slowThreshold, int failuresBeforeAlert, int successesBeforeRecovery,
                            int slowBeforeDegraded, Duration reminderEvery, int maxReminders, CloseMode closeMode) {
        static final Settings BUILT_IN = builtIn(ConfirmationPolicy.DEFAULT);

        private static Settings builtIn(ConfirmationPolicy policy) {
            return new Settings(Defaults.TIMEOUT, null, policy.failuresBeforeAlert(), policy.successesBeforeRecovery(),
                    policy.slowBeforeDegraded(), policy.reminderEvery(), policy.maxReminders(), Defaults.CLOSE_MODE);
        }
    }

    private Settings settings(ConfigNode node, String path, Settings inherited) {
        if (node == null || node instanceof NullNode) {
            return inherited;
        }
        MapNode map = map(node, path, SETTING_KEYS);
        return map == null ? inherited : settingsOf(map, path, inherited);
    }

    private Settings settingsOf(MapNode map, String path, Settings inherited) {
        return new Settings(
                or(duration(map, "timeout", path, Defaults.MIN_TIMEOUT), inherited.timeout()),
                or(duration(map, "slowThreshold", path, Defaults.MIN_SLOW_THRESHOLD), inherited.slowThreshold()),
                or(integer(map, "failuresBeforeAlert", path, Defaults.MIN_CHECKS, Defaults.MAX_CHECKS), inherited.failuresBeforeAlert()),
                or(integer(map, "successesBeforeRecovery", path, Defaults.MIN_CHECKS, Defaults.MAX_CHECKS), inherited.successesBeforeRecovery()),
                or(integer(map, "slowBeforeDegraded", path, Defaults.MIN_CHECKS, Defaults.MAX_CHECKS), inherited.slowBeforeDegraded()),
                or(duration(map, "reminderEvery", path, Defaults.MIN_REMINDER_EVERY), inherited.reminderEvery()),
                or(integer(map, "maxReminders", path, Defaults.MIN_MAX_REMINDERS, Defaults.MAX_MAX_REMINDERS), inherited.maxReminders()),
                or(closeMode(map, path), inherited.closeMode()));
    }

    private List<ChannelConfig> channels(ConfigNode node) {
        List<ChannelConfig> channels = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        items(node, "channels").forEach((path, item) -> {
            MapNode map = map(item, path, CHANNEL_KEYS);
            if (map == null) {
                return;
            }
            String id = id(map, path, seen, "channel");
            List<String> types = CHANNEL_TYPES.stream().filter(map.entries()::containsKey).toList();
            if (types.isEmpty()) {
                problem(path, map.line(), "needs a channel type: one of " + String.join(", ", CHANNEL_TYPES));
            } else if (types.size() > 1) {
                problem(path, map.line(), "has more than one channel type (" + String.join(", ", types) + "); give one");
            } else if (types.get(0).equals("log")) {
                map(map.entries().get("log"), path + ".log", List.of());
                if (id != null) {
                    channels.add(new LogChannelConfig(id));
                }
            } else {
                String type = types.get(0);
                ChannelConfig channel = switch (type) {
                    case "webhook" -> webhook(id, map.entries().get(type), path + "." + type);
                    case "telegram" -> telegram(id, map.entries().get(type), path + "." + type);
                    default -> mail(id, map.entries().get(type), path + "." + type);
                };
                if (channel != null) {
                    channels.add(channel);
                }
            }
        });
        return channels;
    }

    private List<Tier> tiers(ConfigNode node, Set<String> channelIds) {
        if (node == null) {
            return Tier.DEFAULTS;
        }
        List<Tier> tiers = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        items(node, "tiers").forEach((path, item) -> {
            MapNode map = map(item, path, TIER_KEYS);
            if (map == null) {
                return;
            }
            String id = id(map, path, seen, "tier");
            Duration interval = duration(map, "interval", path, Defaults.MIN_INTERVAL);
            if (interval == null && !map.entries().containsKey("interval")) {
                problem(path, map.line(), "needs an interval, for example 1m");
            }
            List<String> channels = channelRefs(map, path, channelIds);
            if (id != null && interval != null) {
                tiers.add(new Tier(id, interval, channels));
            }
        });
        return tiers;
    }

    private List<MonitorSpec> monitors(ConfigNode node, Settings defaults, List<Tier> tiers, Set<String> channelIds) {
        List<MonitorSpec> monitors = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Map<String, Tier> tiersById = new LinkedHashMap<>();
        tiers.forEach(t -> tiersById.put(t.id(), t));
        items(node, "monitors").forEach((path, item) -> {
            MapNode map = map(item, path, MONITOR_KEYS);
            if (map == null) {
                return;
            }
            int before = problems.size();
            String id = id(map, path, seen, "monitor");
            String name = text(map, "name", path);
            String host = text(map, "host", path);
            Integer port = port(map, path);
            Tier tier = tierRef(map, path, tiersById);
            Duration interval = duration(map, "interval", path, Defaults.MIN_INTERVAL);
            Settings settings = settingsOf(map, path, defaults);
            List<String> channels = map.entries().containsKey("channels") ? channelRefs(map, path, channelIds)
                    : tier != null ? tier.channels() : List.of();
            List<String> tags = strings(map, "tags", path);
            Boolean enabled = bool(map, "enabled", path);
            if (host == null && !map.entries().containsKey("host")) {
                problem(path, map.line(), "needs a host");
            }
            if (port == null && !map.entries().containsKey("port")) {
                problem(path, map.line(), "needs a port");
            }
            if (interval == null && tier == null && !map.entries().containsKey("tier") && !map.entries().containsKey("interval")) {
                problem(path, map.line(), "needs a tier (" + String.join(", ", tiersById.keySet()) + ") or an interval");
            }
            Duration effective = interval != null ? interval : tier != null ? tier.interval() : null;
            if (effective != null && settings.timeout().compareTo(effective) > 0) {
                problem(path + ".timeout", line(map, "timeout"), Durations.format(settings.timeout())
                        + " is longer than the interval " + Durations.format(effective) + "; a check must end before the next starts");
            }
            Target target = null;
            if (host != null && port != null) {
                try {
                    target = TargetParser.structured(host, port, name, true);
                } catch (InvalidTargetException e) {
                    problem(path + ".host", line(map, "host"), e.getMessage());
                }
            }
            if (problems.size() == before && id != null && target != null && effective != null) {
                ProbeOptions probe = new ProbeOptions(settings.timeout(), settings.slowThreshold(), settings.closeMode());
                ConfirmationPolicy policy = new ConfirmationPolicy(settings.failuresBeforeAlert(),
                        settings.successesBeforeRecovery(), settings.slowBeforeDegraded(), settings.reminderEvery(),
                        settings.maxReminders());
                monitors.add(new MonitorSpec(id, name, target, tier == null ? null : tier.id(), effective, probe, policy,
                        channels, tags, enabled == null || enabled));
            }
        });
        return monitors;
    }

    private WebhookChannelConfig webhook(String id, ConfigNode node, String path) {
        MapNode map = map(node, path, WEBHOOK_KEYS);
        if (map == null) {
            return null;
        }
        int before = problems.size();
        URI url = url(map, path);
        Map<String, String> headers = stringMap(map, "headers", path);
        Duration timeout = or(duration(map, "timeout", path, Defaults.MIN_CHANNEL_TIMEOUT), Defaults.WEBHOOK_TIMEOUT);
        Secret secret = secret(map, "secret", path);
        Duration deadline = or(duration(map, "deliveryDeadline", path, Defaults.MIN_DELIVERY_DEADLINE), Defaults.DELIVERY_DEADLINE);
        if (url == null && !map.entries().containsKey("url")) {
            problem(path, map.line(), "needs a url, for example https://hooks.example.com/port-monitor");
        }
        return problems.size() == before && id != null && url != null
                ? new WebhookChannelConfig(id, url, headers, timeout, secret, deadline) : null;
    }

    private TelegramChannelConfig telegram(String id, ConfigNode node, String path) {
        MapNode map = map(node, path, TELEGRAM_KEYS);
        if (map == null) {
            return null;
        }
        int before = problems.size();
        Secret token = secret(map, "botToken", path);
        String chatId = text(map, "chatId", path);
        if (map.entries().containsKey("messageThreadId")) {
            problem(join(path, "messageThreadId"), line(map, "messageThreadId"), "not supported yet: Camel Telegram 4.18 "
                    + "cannot send a text message to a forum topic; use a chat of its own");
        }
        URI baseUrl = map.entries().containsKey("baseUrl") ? url(map, "baseUrl", path) : Defaults.TELEGRAM_BASE_URL;
        Duration deadline = or(duration(map, "deliveryDeadline", path, Defaults.MIN_DELIVERY_DEADLINE), Defaults.DELIVERY_DEADLINE);
        Duration timeout = or(duration(map, "timeout", path, Defaults.MIN_CHANNEL_TIMEOUT), Defaults.TELEGRAM_TIMEOUT);
        if (token == null && !map.entries().containsKey("botToken")) {
            problem(path, map.line(), "needs a botToken, given by reference: {env: TELEGRAM_BOT_TOKEN} or {file: /path}");
        }
        if (chatId == null && !map.entries().containsKey("chatId")) {
            problem(path, map.line(), "needs a chatId, for example \"-1001234567890\"");
        } else if (chatId != null && !chatId.matches("-?\\d+|@[A-Za-z][A-Za-z0-9_]{4,}")) {
            problem(join(path, "chatId"), line(map, "chatId"), "\"" + chatId
                    + "\" is not a chat id; give a number (-1001234567890) or a channel's @username");
        }
        return problems.size() == before && id != null && token != null && chatId != null && baseUrl != null
                ? new TelegramChannelConfig(id, token, chatId, baseUrl, timeout, deadline) : null;
    }

    private URI url(MapNode map, String path) {
        return url(map, "url", path);
    }

    private MailChannelConfig mail(String id, ConfigNode node, String path) {
        MapNode map = map(node, path, MAIL_KEYS);
        if (map == null) {
            return null;
        }
        int before = problems.size();
        String host = text(map, "host", path);
        String security = or(text(map, "security", path), Defaults.MAIL_SECURITY).toLowerCase(Locale.ROOT);
        if (!List.of("starttls", "ssl", "none").contains(security)) {
            problem(join(path, "security"), line(map, "security"), "\"" + security + "\" is not one of starttls, ssl, none");
        }
        // Integer.valueOf keeps this a reference conditional: an int one would unbox a bad port's null.
        Integer port = map.entries().containsKey("port") ? port(map, path)
                : Integer.valueOf(Defaults.mailPort(security));
        String username = text(map, "username", path);
        Secret password = secret(map, "password", path);
        if ((username == null) != (password == null) && problems.size() == before) {
            problem(path, map.line(), "give both username and password, or neither");
        }
        String from = address(map, "from", path);
        List<String> to = strings(map, "to", path);
        for (int i = 0; i < to.size(); i++) {
            if (!ADDRESS.matcher(to.get(i)).matches()) {
                problem(join(path, "to") + "[" + i + "]", line(map, "to"), "\"" + to.get(i) + "\" is not a mail address");
            }
        }
        if (host == null && !map.entries().containsKey("host")) {
            problem(path, map.line(), "needs a host (the SMTP server)");
        }
        if (from == null && !map.entries().containsKey("from")) {
            problem(path, map.line(), "needs a from address");
        }
        if (to.isEmpty() && !map.entries().containsKey("to")) {
            problem(path, map.line(), "needs to: at least one recipient");
        }
        String subject = or(text(map, "subject", path), Defaults.MAIL_SUBJECT);
        String trust = text(map, "trust", path);
        Duration timeout = or(duration(map, "timeout", path, Defaults.MIN_CHANNEL_TIMEOUT), Defaults.MAIL_TIMEOUT);
        Duration deadline = or(duration(map, "deliveryDeadline", path, Defaults.MIN_DELIVERY_DEADLINE), Defaults.DELIVERY_DEADLINE);
        return problems.size() == before && id != null && host != null && port != null && from != null && !to.isEmpty()
                ? new MailChannelConfig(id, host, port, security, username, password, from, to, subject, trust, timeout, deadline)
                : null;
    }

    private String address(MapNode map, String key, String path) {
        String text = text(map, key, path);
        if (text != null && !ADDRESS.matcher(text).matches()) {
            problem(join(path, key), line(map, key), "\"" + text + "\" is not a mail address");
            return null;
        }
        return text;
    }

    private URI url(MapNode map, String key, String path) {
        String text = text(map, key, path);
        if (text == null) {
            return null;
        }
        // A URL may carry credentials (user info, a token in the path or query): errors quote its start only.
        String shown = "\"" + text.replaceAll("^([A-Za-z][A-Za-z0-9+.-]*://)?[^/?#@]*@", "$1").replaceAll("^((?:[A-Za-z][A-Za-z0-9+.-]*://)?[^/?#]*).*$", "$1") + "...\"";
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                problem(join(path, key), line(map, key), shown + " is not an http or https URL");
                return null;
            }
            if (uri.getHost() == null) {
                problem(join(path, key), line(map, key), shown + " has no host");
                return null;
            }
            return uri;
        } catch (URISyntaxException e) {
            problem(join(path, key), line(map, key), shown + " is not a URL");
            return null;
        }
    }

    /** A secret by reference: {@code {env: NAME}} or {@code {file: /path}}; never a value in the file. */
    private Secret secret(MapNode parent, String key, String path) {
        ConfigNode node = parent.entries().get(key);
        if (node == null || node instanceof NullNode) {
            return null;
        }
        String where = join(path, key);
        if (node instanceof ScalarNode) {
            problem(where, node.line(), "give a secret by reference, {env: NAME} or {file: /path}"
                    + (credentials == null ? "" : " or {credentials: ID}") + ", never its value in the file");
            return null;
        }
        MapNode map = map(node, where, SECRET_KEYS);
        if (map == null) {
            return null;
        }
        String env = text(map, "env", where);
        String file = text(map, "file", where);
        String credentialsId = text(map, "credentials", where);
        if ((env == null ? 0 : 1) + (file == null ? 0 : 1) + (credentialsId == null ? 0 : 1) != 1) {
            if (problems.stream().noneMatch(p -> p.path().startsWith(where))) {
                problem(where, map.line(), credentials == null ? "give exactly one of env or file"
                        : "give exactly one of env, file or credentials");
            }
            return null;
        }
        if (credentialsId != null) {
            if (credentials == null) {
                problem(join(where, "credentials"), line(map, "credentials"),
                        "credentials are looked up only inside Jenkins; here give {env: NAME} or {file: /path}");
                return null;
            }
            Secret found = credentials.find(credentialsId);
            if (found == null) {
                problem(join(where, "credentials"), line(map, "credentials"), "no credential \"" + credentialsId
                        + "\" holding a secret (secret text, or username with password)");
                return null;
            }
            return found;
        }
        if (env != null) {
            String value = environment.apply(env);
            if (value == null || value.isEmpty()) {
                problem(join(where, "env"), line(map, "env"), "environment variable " + env + " is not set");
                return null;
            }
            return new Secret(value, "environment variable " + env);
        }
        try {
            String value = java.nio.file.Files.readString(java.nio.file.Path.of(file)).strip();
            if (value.isEmpty()) {
                problem(join(where, "file"), line(map, "file"), "file " + file + " is empty");
                return null;
            }
            return new Secret(value, "file " + file);
        } catch (java.io.IOException | RuntimeException e) {
            problem(join(where, "file"), line(map, "file"), "cannot read file " + file + " (" + e.getClass().getSimpleName() + ")");
            return null;
        }
    }

    private Map<String, String> stringMap(MapNode parent, String key, String path) {
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

    private List<MaintenanceWindow> maintenance(ConfigNode node, Set<String> monitorIds) {
        List<MaintenanceWindow> windows = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        items(node, "maintenance").forEach((path, item) -> {
            MapNode map = map(item, path, MAINTENANCE_KEYS);
            if (map == null) {
                return;
            }
            int before = problems.size();
            String id = id(map, path, seen, "maintenance window");
            String cronText = text(map, "cron", path);
            Duration duration = duration(map, "duration", path, Defaults.MIN_MAINTENANCE_DURATION);
            Instant start = instant(map, "start", path);
            Instant end = instant(map, "end", path);
            java.time.ZoneId zone = Defaults.MAINTENANCE_ZONE;
            String zoneText = text(map, "timezone", path);
            if (zoneText != null) {
                try {
                    zone = java.time.ZoneId.of(zoneText);
                } catch (java.time.DateTimeException e) {
                    problem(join(path, "timezone"), line(map, "timezone"), "\"" + zoneText + "\" is not a time zone, like UTC or Europe/Paris");
                }
            }
            com.cronutils.model.time.ExecutionTime cron = null;
            boolean recurring = map.entries().containsKey("cron");
            boolean once = map.entries().containsKey("start") || map.entries().containsKey("end");
            if (recurring == once) {
                problem(path, map.line(), "give either cron and duration (a recurring window) or start and end (once)");
            } else if (recurring) {
                if (cronText != null) {
                    try {
                        cron = com.cronutils.model.time.ExecutionTime.forCron(CRON.parse(cronText));
                    } catch (IllegalArgumentException e) {
                        problem(join(path, "cron"), line(map, "cron"), "\"" + cronText + "\" is not a cron expression "
                                + "(minute hour day-of-month month day-of-week, like \"0 2 * * SUN\"): " + e.getMessage());
                    }
                }
                if (duration == null && !map.entries().containsKey("duration")) {
                    problem(path, map.line(), "a cron window needs a duration, like 2h");
                }
            } else if (start != null && end != null && !end.isAfter(start)) {
                problem(join(path, "end"), line(map, "end"), "must be after start");
            } else if ((start == null && !map.entries().containsKey("start")) || (end == null && !map.entries().containsKey("end"))) {
                problem(path, map.line(), "a one-off window needs both start and end");
            }
            List<String> monitors = strings(map, "monitors", path);
            for (int i = 0; i < monitors.size(); i++) {
                if (!monitorIds.contains(monitors.get(i))) {
                    problem(join(path, "monitors") + "[" + i + "]", line(map, "monitors"), unknown("monitor", monitors.get(i), monitorIds));
                }
            }
            List<String> tags = strings(map, "tags", path);
            if (problems.size() == before && id != null) {
                windows.add(new MaintenanceWindow(id, cronText, cron, duration, zone, start, end, monitors, tags));
            }
        });
        return windows;
    }

    private StormControl storm(ConfigNode node) {
        if (node == null || node instanceof NullNode) {
            return StormControl.DEFAULT;
        }
        MapNode map = map(node, "storm", STORM_KEYS);
        if (map == null) {
            return StormControl.DEFAULT;
        }
        Boolean enabled = bool(map, "enabled", "storm");
        int events = or(integer(map, "events", "storm", Defaults.MIN_STORM_EVENTS, Defaults.MAX_STORM_EVENTS), StormControl.DEFAULT.events());
        Duration window = or(duration(map, "window", "storm", Defaults.MIN_STORM_WINDOW), StormControl.DEFAULT.window());
        return Boolean.FALSE.equals(enabled) ? null : new StormControl(events, window);
    }

    private Instant instant(MapNode map, String key, String path) {
        String text = text(map, key, path);
        if (text == null) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(text).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            problem(join(path, key), line(map, key), "\"" + text + "\" is not a date and time with an offset, like 2026-12-01T22:00:00Z");
            return null;
        }
    }

    // --- references --------------------------------------------------------------------------

    private Tier tierRef(MapNode map, String path, Map<String, Tier> tiers) {
        String id = text(map, "tier", path);
        if (id == null) {
            return null;
        }
        Tier tier = tiers.get(id);
        if (tier == null) {
            problem(path + ".tier", line(map, "tier"), unknown("tier", id, tiers.keySet()));
        }
        return tier;
    }

    private List<String> channelRefs(MapNode map, String path, Set<String> channelIds) {
        List<String> refs = strings(map, "channels", path);
        for (int i = 0; i < refs.size(); i++) {
            if (!channelIds.contains(refs.get(i))) {
                problem(path + ".channels[" + i + "]", line(map, "channels"), unknown("channel", refs.get(i), channelIds));
            }
        }
        return refs.stream().filter(channelIds::contains).toList();
    }

    private static String unknown(String kind, String id, Set<String> defined) {
        String suggestion = Suggestions.nearest(id, defined).map(s -> "; did you mean \"" + s + "\"?").orElse(
                defined.isEmpty() ? "; no " + kind + "s are defined" : "; defined: " + String.join(", ", defined.stream().sorted().toList()));
        return "unknown " + kind + " \"" + id + "\"" + suggestion;
    }

    private String id(MapNode map, String path, Set<String> seen, String kind) {
        String id = text(map, "id", path);
        if (id == null) {
            if (!map.entries().containsKey("id")) {
                problem(path, map.line(), "needs an id");
            }
            return null;
        }
        if (!ID.matcher(id).matches()) {
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

    // --- values ------------------------------------------------------------------------------

    private MapNode map(ConfigNode node, String path, List<String> allowed) {
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

    private Map<String, ConfigNode> items(ConfigNode node, String path) {
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

    private String text(MapNode map, String key, String path) {
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

    private Integer port(MapNode map, String path) {
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

    private Integer integer(MapNode map, String key, String path, int min, int max) {
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

    private Duration duration(MapNode map, String key, String path, Duration min) {
        String text = text(map, key, path);
        if (text == null) {
            return null;
        }
        try {
            Duration duration = Durations.parse(text);
            if (duration.compareTo(min) < 0) {
                problem(join(path, key), line(map, key), text + " is too short; at least " + Durations.format(min));
                return null;
            }
            return duration;
        } catch (IllegalArgumentException e) {
            problem(join(path, key), line(map, key), e.getMessage());
            return null;
        }
    }

    private Boolean bool(MapNode map, String key, String path) {
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

    private CloseMode closeMode(MapNode map, String path) {
        String text = text(map, "closeMode", path);
        if (text == null) {
            return null;
        }
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "normal" -> CloseMode.NORMAL;
            case "reset" -> CloseMode.RESET;
            default -> {
                problem(join(path, "closeMode"), line(map, "closeMode"), "\"" + text + "\" is not a close mode; use normal or reset");
                yield null;
            }
        };
    }

    private List<String> strings(MapNode map, String key, String path) {
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

    // --- helpers -----------------------------------------------------------------------------

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static int line(MapNode map, String key) {
        Integer line = map.keyLines().get(key);
        return line != null ? line : map.line();
    }

    private void problem(String path, int line, String message) {
        problems.add(new ConfigProblem(path, line, message));
    }
}

package dev.portmonitor.config;

import dev.portmonitor.config.ConfigNode.MapNode;
import dev.portmonitor.config.SettingsBinder.Settings;
import dev.portmonitor.probe.ProbeKind;
import dev.portmonitor.probe.ProbeKinds;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns the tree under {@code portMonitor:} into a {@link PortMonitorConfig}, or reports every
 * problem at once, each with its path ({@code monitors[3].port}) and line. The key names are the
 * configuration's public shape: the CLI's YAML and the Jenkins plugin's configuration-as-code block
 * share them, so they stay stable. Each section has a binder of its own ({@link SettingsBinder},
 * {@link TierBinder}, {@link ChannelsBinder}, {@link MonitorBinder}, {@link MaintenanceBinder},
 * {@link StormBinder}, {@link HistoryBinder}); they share one {@link Values}, which collects the problems, and every
 * default is in {@link Defaults}.
 */
public final class ConfigBinder {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final List<String> ROOT_KEYS = List.of("defaults", "tiers", "channels", "monitors", "maintenance", "storm",
            "history", "review");

    /**
     * Finds a secret by the id of a credential held elsewhere (the Jenkins Credentials plugin);
     * returns null when there is no such credential or it holds no secret.
     */
    @FunctionalInterface
    public interface CredentialsLookup {
        Secret find(String credentialsId);
    }

    private ConfigBinder() {
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
        return bind(root, source, environment, credentials, ProbeKinds.all());
    }

    /** Binds with the given probe kinds (tests bind kinds of their own this way). */
    static PortMonitorConfig bind(ConfigNode root, String source, Function<String, String> environment,
                                  CredentialsLookup credentials, List<ProbeKind> kinds) throws InvalidConfigException {
        Values values = new Values();
        PortMonitorConfig config = root(root, values, new SecretBinder(values, environment, credentials), kinds);
        if (!values.problems().isEmpty()) {
            throw new InvalidConfigException(source, values.problems());
        }
        return config;
    }

    private static PortMonitorConfig root(ConfigNode node, Values values, SecretBinder secrets, List<ProbeKind> kinds) {
        MapNode root = values.map(node, "", ROOT_KEYS);
        if (root == null) {
            return null;
        }
        Settings defaults = new SettingsBinder(values).defaults(root.entries().get("defaults"));
        List<ChannelConfig> channels = new ChannelsBinder(values, secrets).bind(root.entries().get("channels"));
        Set<String> channelIds = channels.stream().map(ChannelConfig::id).collect(Collectors.toSet());
        TierBinder tierBinder = new TierBinder(values);
        List<Tier> tiers = tierBinder.bind(root.entries().get("tiers"), channelIds);
        List<MonitorSpec> monitors = new MonitorBinder(values, defaults, tiers, tierBinder.broken(), channelIds, kinds)
                .bind(root.entries().get("monitors"));
        List<MaintenanceWindow> maintenance = new MaintenanceBinder(values).bind(root.entries().get("maintenance"),
                monitors.stream().map(MonitorSpec::id).collect(Collectors.toSet()));
        StormControl storm = new StormBinder(values).bind(root.entries().get("storm"));
        HistoryBinder historyBinder = new HistoryBinder(values);
        HistorySettings history = historyBinder.history(root.entries().get("history"));
        ReviewSettings review = historyBinder.review(root.entries().get("review"), history.timezone(), channelIds);
        return values.problems().isEmpty()
                ? new PortMonitorConfig(tiers, channels, monitors, maintenance, storm, history, review) : null;
    }
}

package dev.portmonitor.jenkins;

import dev.portmonitor.config.ConfigBinder;
import dev.portmonitor.config.ConfigNode;
import dev.portmonitor.config.InvalidConfigException;
import dev.portmonitor.config.MonitorSpec;
import dev.portmonitor.config.PortMonitorConfig;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.BulkChange;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.model.Descriptor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jenkins.model.GlobalConfiguration;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.StaplerRequest2;

/**
 * Port Monitor's global configuration (Manage Jenkins &gt; System), and in configuration as code
 * under {@code unclassified: portMonitor:}: defaults, tiers, channels and monitors with the keys of
 * the CLI's YAML, plus the cluster, the restrictions on {@code verifyPorts} and who may read the
 * status page. It is handed to the engine as a tree of maps, so the CLI's validation and messages
 * apply unchanged.
 */
@Extension
@Symbol("portMonitor")
public class PortMonitorConfiguration extends GlobalConfiguration {

    static final String SOURCE = "Port Monitor configuration";

    private MonitorDefaults defaults = new MonitorDefaults();
    private List<TierEntry> tiers = new ArrayList<>();
    private List<ChannelEntry> channels = new ArrayList<>();
    private List<MonitorEntry> monitors = new ArrayList<>();
    private List<MaintenanceEntry> maintenance = new ArrayList<>();
    private StormSettings storm = new StormSettings();
    private HistoryOptions history = new HistoryOptions();
    private ClusterSettings cluster = new ClusterSettings();
    private StepRestrictions restrictions = new StepRestrictions();
    private boolean statusVisibleToReaders;

    public PortMonitorConfiguration() {
        load();
    }

    public static PortMonitorConfiguration get() {
        return ExtensionList.lookupSingleton(PortMonitorConfiguration.class);
    }

    public MonitorDefaults getDefaults() {
        return defaults;
    }

    @DataBoundSetter
    public void setDefaults(MonitorDefaults defaults) {
        this.defaults = defaults == null ? new MonitorDefaults() : defaults;
        save();
    }

    public List<TierEntry> getTiers() {
        return tiers;
    }

    @DataBoundSetter
    public void setTiers(List<TierEntry> tiers) {
        this.tiers = tiers == null ? new ArrayList<>() : new ArrayList<>(tiers);
        save();
    }

    public List<ChannelEntry> getChannels() {
        return channels;
    }

    @DataBoundSetter
    public void setChannels(List<ChannelEntry> channels) {
        this.channels = channels == null ? new ArrayList<>() : new ArrayList<>(channels);
        save();
    }

    public List<MonitorEntry> getMonitors() {
        return monitors;
    }

    @DataBoundSetter
    public void setMonitors(List<MonitorEntry> monitors) {
        this.monitors = monitors == null ? new ArrayList<>() : new ArrayList<>(monitors);
        save();
    }

    public List<MaintenanceEntry> getMaintenance() {
        return maintenance == null ? List.of() : maintenance;
    }

    /** Maintenance windows: alerts of the monitors they cover are held while they are open. */
    @DataBoundSetter
    public void setMaintenance(List<MaintenanceEntry> maintenance) {
        this.maintenance = maintenance == null ? new ArrayList<>() : new ArrayList<>(maintenance);
        save();
    }

    public HistoryOptions getHistory() {
        return history == null ? new HistoryOptions() : history;
    }

    @DataBoundSetter
    public void setHistory(HistoryOptions history) {
        this.history = history == null ? new HistoryOptions() : history;
        save();
    }

    public StormSettings getStorm() {
        return storm == null ? new StormSettings() : storm;
    }

    @DataBoundSetter
    public void setStorm(StormSettings storm) {
        this.storm = storm == null ? new StormSettings() : storm;
        save();
    }

    public ClusterSettings getCluster() {
        return cluster;
    }

    @DataBoundSetter
    public void setCluster(ClusterSettings cluster) {
        this.cluster = cluster == null ? new ClusterSettings() : cluster;
        save();
    }

    public StepRestrictions getRestrictions() {
        return restrictions;
    }

    @DataBoundSetter
    public void setRestrictions(StepRestrictions restrictions) {
        this.restrictions = restrictions == null ? new StepRestrictions() : restrictions;
        save();
    }

    public boolean isStatusVisibleToReaders() {
        return statusVisibleToReaders;
    }

    /** Lets users with Overall/Read see the status page; otherwise it is for administrators. */
    @DataBoundSetter
    public void setStatusVisibleToReaders(boolean statusVisibleToReaders) {
        this.statusVisibleToReaders = statusVisibleToReaders;
        save();
    }

    /**
     * Saves the form. A configuration the engine would refuse is not saved: the page shows every
     * problem with its path, the running monitors go on with the last saved configuration, and the
     * browser still holds what was typed. A save reaches the engine through
     * {@link PortMonitorRuntime.ConfigurationSaved}, once, when the change is committed.
     */
    @Override
    public boolean configure(StaplerRequest2 req, JSONObject json) throws Descriptor.FormException {
        MonitorDefaults oldDefaults = defaults;
        List<TierEntry> oldTiers = tiers;
        List<ChannelEntry> oldChannels = channels;
        List<MonitorEntry> oldMonitors = monitors;
        List<MaintenanceEntry> oldMaintenance = maintenance;
        StormSettings oldStorm = storm;
        HistoryOptions oldHistory = history;
        ClusterSettings oldCluster = cluster;
        StepRestrictions oldRestrictions = restrictions;
        boolean oldVisible = statusVisibleToReaders;
        // The setters' saves wait for commit(); nothing reaches the disk unless the whole form is valid.
        try (BulkChange change = new BulkChange(this)) {
            // When every entry of a list is deleted, its setter is not called: start from empty lists.
            tiers = new ArrayList<>();
            channels = new ArrayList<>();
            monitors = new ArrayList<>();
            maintenance = new ArrayList<>();
            try {
                req.bindJSON(this, json);
                validate();
            } catch (Descriptor.FormException | RuntimeException e) {
                change.abort();
                defaults = oldDefaults;
                tiers = oldTiers;
                channels = oldChannels;
                monitors = oldMonitors;
                maintenance = oldMaintenance;
                storm = oldStorm;
                history = oldHistory;
                cluster = oldCluster;
                restrictions = oldRestrictions;
                statusVisibleToReaders = oldVisible;
                throw e;
            }
            change.commit();
        } catch (IOException e) {
            throw new Descriptor.FormException("Port Monitor: the configuration could not be saved: " + e.getMessage(), e,
                    "monitors");
        }
        return true;
    }

    /** Every problem the engine finds, and a rule of the restrictions it cannot read, as a form error. */
    private void validate() throws Descriptor.FormException {
        try {
            toEngineConfig();
        } catch (InvalidConfigException e) {
            throw new Descriptor.FormException("Port Monitor: " + e.getMessage(), "monitors");
        }
        try {
            restrictions.policy();
        } catch (IllegalArgumentException e) {
            throw new Descriptor.FormException("Port Monitor: where verifyPorts may connect: " + e.getMessage(), "restrictions");
        }
        try {
            cluster.toMemberSettings(null);
        } catch (IllegalArgumentException e) {
            throw new Descriptor.FormException("Port Monitor: cluster: " + e.getMessage(), "cluster");
        }
    }

    /** The tree the engine binds: the CLI's YAML shape under {@code portMonitor:}. */
    Map<String, Object> toTree() {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> defaultsMap = defaults.toMap();
        if (!defaultsMap.isEmpty()) {
            root.put("defaults", defaultsMap);
        }
        root.put("tiers", tiers.stream().map(TierEntry::toMap).toList());
        root.put("channels", channels.stream().map(ChannelEntry::toMap).toList());
        root.put("monitors", monitors.stream().map(MonitorEntry::toMap).toList());
        if (!getMaintenance().isEmpty()) {
            root.put("maintenance", getMaintenance().stream().map(MaintenanceEntry::toMap).toList());
        }
        Map<String, Object> stormMap = getStorm().toMap();
        if (!stormMap.isEmpty()) {
            root.put("storm", stormMap);
        }
        Map<String, Object> historyMap = getHistory().historyMap();
        if (!historyMap.isEmpty()) {
            root.put("history", historyMap);
        }
        Map<String, Object> reviewMap = getHistory().reviewMap();
        if (!reviewMap.isEmpty()) {
            root.put("review", reviewMap);
        }
        return root;
    }

    /** The engine's configuration, with every problem at once when there are any. */
    public PortMonitorConfig toEngineConfig() throws InvalidConfigException {
        return ConfigBinder.bind(ConfigNode.of(toTree()), SOURCE, name -> null, Credentials.lookup());
    }

    /** One monitor bound alone, with this configuration's defaults (for "Check now"). */
    static MonitorSpec bindAlone(Map<String, Object> monitor) throws InvalidConfigException {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> defaultsMap = get().defaults.toMap();
        if (!defaultsMap.isEmpty()) {
            root.put("defaults", defaultsMap);
        }
        root.put("monitors", List.of(monitor));
        return ConfigBinder.bind(ConfigNode.of(root), "Check now", name -> null).monitors().get(0);
    }

    @NonNull
    @Override
    public String getDisplayName() {
        return "Port Monitor";
    }
}

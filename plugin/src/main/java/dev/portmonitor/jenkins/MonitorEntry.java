package dev.portmonitor.jenkins;

import dev.portmonitor.config.InvalidConfigException;
import dev.portmonitor.config.MonitorSpec;
import dev.portmonitor.format.Durations;
import dev.portmonitor.probe.ProbeResult;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import java.util.LinkedHashMap;
import java.util.Map;
import jenkins.model.Jenkins;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.verb.POST;

/** One watched port, with the same keys as a monitor in the CLI's YAML (the check's own in {@link CheckFields}). */
public final class MonitorEntry extends CheckFields implements Describable<MonitorEntry> {

    private static final long serialVersionUID = 1L;

    private final String id;
    private final String host;
    private final int port;
    private String name;
    private String tier;
    private String interval;
    private String timeout;
    private String slowThreshold;
    private String failuresBeforeAlert;
    private String successesBeforeRecovery;
    private String slowBeforeDegraded;
    private String reminderEvery;
    private String maxReminders;
    private String closeMode;
    private String channels;
    private String tags;
    private boolean enabled = true;

    /** {@code port} 0: the check kind's default port (5432 for postgres...). */
    @DataBoundConstructor
    public MonitorEntry(String id, String host, int port) {
        this.id = Maps.blankToNull(id);
        this.host = Maps.blankToNull(host);
        this.port = port;
    }

    public String getId() {
        return id;
    }

    public String getHost() {
        return host;
    }

    public int getPort() {
        return port;
    }

    public String getName() {
        return name;
    }

    @DataBoundSetter
    public void setName(String name) {
        this.name = Maps.blankToNull(name);
    }

    public String getTier() {
        return tier;
    }

    @DataBoundSetter
    public void setTier(String tier) {
        this.tier = Maps.blankToNull(tier);
    }

    public String getInterval() {
        return interval;
    }

    @DataBoundSetter
    public void setInterval(String interval) {
        this.interval = Maps.blankToNull(interval);
    }

    public String getTimeout() {
        return timeout;
    }

    @DataBoundSetter
    public void setTimeout(String timeout) {
        this.timeout = Maps.blankToNull(timeout);
    }

    public String getSlowThreshold() {
        return slowThreshold;
    }

    @DataBoundSetter
    public void setSlowThreshold(String slowThreshold) {
        this.slowThreshold = Maps.blankToNull(slowThreshold);
    }

    public String getFailuresBeforeAlert() {
        return failuresBeforeAlert;
    }

    @DataBoundSetter
    public void setFailuresBeforeAlert(String failuresBeforeAlert) {
        this.failuresBeforeAlert = Maps.blankToNull(failuresBeforeAlert);
    }

    public String getSuccessesBeforeRecovery() {
        return successesBeforeRecovery;
    }

    @DataBoundSetter
    public void setSuccessesBeforeRecovery(String successesBeforeRecovery) {
        this.successesBeforeRecovery = Maps.blankToNull(successesBeforeRecovery);
    }

    public String getSlowBeforeDegraded() {
        return slowBeforeDegraded;
    }

    @DataBoundSetter
    public void setSlowBeforeDegraded(String slowBeforeDegraded) {
        this.slowBeforeDegraded = Maps.blankToNull(slowBeforeDegraded);
    }

    public String getReminderEvery() {
        return reminderEvery;
    }

    @DataBoundSetter
    public void setReminderEvery(String reminderEvery) {
        this.reminderEvery = Maps.blankToNull(reminderEvery);
    }

    public String getMaxReminders() {
        return maxReminders;
    }

    @DataBoundSetter
    public void setMaxReminders(String maxReminders) {
        this.maxReminders = Maps.blankToNull(maxReminders);
    }

    public String getCloseMode() {
        return closeMode;
    }

    @DataBoundSetter
    public void setCloseMode(String closeMode) {
        this.closeMode = Maps.blankToNull(closeMode);
    }

    public String getChannels() {
        return channels;
    }

    /** Channel ids, separated by commas; empty for the tier's. */
    @DataBoundSetter
    public void setChannels(String channels) {
        this.channels = Maps.blankToNull(channels);
    }

    public String getTags() {
        return tags;
    }

    /** Tags, separated by commas, for {@code verifyPorts tags: [...]} and the status page. */
    @DataBoundSetter
    public void setTags(String tags) {
        this.tags = Maps.blankToNull(tags);
    }

    public boolean isEnabled() {
        return enabled;
    }

    @DataBoundSetter
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        Maps.put(map, "id", id);
        Maps.put(map, "name", name);
        Maps.put(map, "host", host);
        if (port != 0) {
            map.put("port", port);
        }
        putCheck(map);
        Maps.put(map, "tier", tier);
        Maps.put(map, "interval", interval);
        Maps.put(map, "timeout", timeout);
        Maps.put(map, "slowThreshold", slowThreshold);
        Maps.put(map, "failuresBeforeAlert", failuresBeforeAlert);
        Maps.put(map, "successesBeforeRecovery", successesBeforeRecovery);
        Maps.put(map, "slowBeforeDegraded", slowBeforeDegraded);
        Maps.put(map, "reminderEvery", reminderEvery);
        Maps.put(map, "maxReminders", maxReminders);
        Maps.put(map, "closeMode", closeMode);
        Maps.putList(map, "channels", channels);
        Maps.putList(map, "tags", tags);
        map.put("enabled", enabled);
        return map;
    }

    @Override
    public Descriptor<MonitorEntry> getDescriptor() {
        return Jenkins.get().getDescriptorOrDie(MonitorEntry.class);
    }

    @Extension
    public static final class DescriptorImpl extends CheckFields.DescriptorBase<MonitorEntry> {

        @NonNull
        @Override
        public String getDisplayName() {
            return "Monitor";
        }

        @POST
        public FormValidation doCheckId(@QueryParameter String value) {
            return value == null || value.isBlank() ? FormValidation.error("Give the monitor an id, like orders-db.")
                    : Forms.ids(value, "id");
        }

        @POST
        public FormValidation doCheckHost(@QueryParameter String value) {
            return Forms.host(value);
        }

        @POST
        public FormValidation doCheckPort(@QueryParameter String value, @QueryParameter("check") String check) {
            return Forms.portOrDefault(value, check);
        }

        @POST
        public FormValidation doCheckInterval(@QueryParameter String value) {
            return Forms.duration(value, "interval", true);
        }

        @POST
        public FormValidation doCheckTimeout(@QueryParameter String value) {
            return Forms.duration(value, "timeout", true);
        }

        @POST
        public FormValidation doCheckSlowThreshold(@QueryParameter String value) {
            return Forms.duration(value, "slowThreshold", true);
        }

        @POST
        public FormValidation doCheckFailuresBeforeAlert(@QueryParameter String value) {
            return Forms.count(value, "failuresBeforeAlert", 1, 100);
        }

        @POST
        public FormValidation doCheckSuccessesBeforeRecovery(@QueryParameter String value) {
            return Forms.count(value, "successesBeforeRecovery", 1, 100);
        }

        @POST
        public FormValidation doCheckSlowBeforeDegraded(@QueryParameter String value) {
            return Forms.count(value, "slowBeforeDegraded", 1, 100);
        }

        @POST
        public FormValidation doCheckReminderEvery(@QueryParameter String value) {
            return Forms.duration(value, "reminderEvery", true);
        }

        @POST
        public FormValidation doCheckMaxReminders(@QueryParameter String value) {
            return Forms.count(value, "maxReminders", 0, 1000);
        }

        public ListBoxModel doFillCloseModeItems() {
            ListBoxModel items = new ListBoxModel();
            items.add("the defaults' (normal unless set there)", "");
            items.add("normal: FIN", "normal");
            items.add("reset: SO_LINGER 0, no TIME_WAIT", "reset");
            return items;
        }

        @POST
        public FormValidation doCheckChannels(@QueryParameter String value) {
            return Forms.ids(value, "channels");
        }

        /**
         * "Check now": one probe of the monitor as the form has it (saved or not), with its timeout,
         * its kind of check and the kind's options. It connects, so it is for administrators only,
         * and POST only.
         */
        @POST
        public FormValidation doCheckNow(StaplerRequest2 request, @QueryParameter String id, @QueryParameter String host,
                                         @QueryParameter String port, @QueryParameter String timeout,
                                         @QueryParameter String slowThreshold) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
            Map<String, Object> monitor = new LinkedHashMap<>();
            monitor.put("id", id == null || id.isBlank() ? "check-now" : id.strip());
            monitor.put("host", host == null ? "" : host.strip());
            if (port != null && !port.isBlank() && !port.strip().equals("0")) {
                monitor.put("port", port.strip());
            }
            Maps.put(monitor, "check", request.getParameter("check"));
            Maps.put(monitor, "closeMode", request.getParameter("closeMode"));
            for (String key : CheckFields.OPTION_KEYS) {
                Maps.put(monitor, key, request.getParameter(key));
            }
            monitor.put("interval", "24h");
            Maps.put(monitor, "timeout", timeout);
            Maps.put(monitor, "slowThreshold", slowThreshold);
            MonitorSpec spec;
            try {
                spec = PortMonitorConfiguration.bindAlone(monitor);
            } catch (InvalidConfigException e) {
                return FormValidation.error(String.join("\n", e.problems().stream().map(Object::toString).toList()));
            }
            ProbeResult result = PortMonitorRuntime.get().checkNow(spec);
            String text = spec.target().address() + ": " + result.outcome().word()
                    + (result.connected() ? " in " + Durations.formatLatency(result.latencyMicros()) : "")
                    + (result.addressText() == null ? "" : " (" + result.addressText() + ")")
                    + (result.reason() == null ? "" : ": " + result.reason());
            String details = dev.portmonitor.report.DetailsText.line(result.detailsMap());
            text += details.isEmpty() ? "" : " [" + details + "]";
            return switch (result.outcome()) {
                case OPEN -> FormValidation.ok(text);
                case SLOW, DEGRADED -> FormValidation.warning(text);
                default -> FormValidation.error(text);
            };
        }
    }
}

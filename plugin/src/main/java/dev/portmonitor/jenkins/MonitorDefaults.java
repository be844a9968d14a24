package dev.portmonitor.jenkins;

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
import org.kohsuke.stapler.verb.POST;

/** The {@code defaults:} block: what every monitor inherits unless its tier or itself says otherwise. */
public final class MonitorDefaults implements Describable<MonitorDefaults> {

    private String timeout;
    private String slowThreshold;
    private String failuresBeforeAlert;
    private String successesBeforeRecovery;
    private String slowBeforeDegraded;
    private String reminderEvery;
    private String maxReminders;
    private String closeMode;

    @DataBoundConstructor
    public MonitorDefaults() {
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

    Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        Maps.put(map, "timeout", timeout);
        Maps.put(map, "slowThreshold", slowThreshold);
        Maps.put(map, "failuresBeforeAlert", failuresBeforeAlert);
        Maps.put(map, "successesBeforeRecovery", successesBeforeRecovery);
        Maps.put(map, "slowBeforeDegraded", slowBeforeDegraded);
        Maps.put(map, "reminderEvery", reminderEvery);
        Maps.put(map, "maxReminders", maxReminders);
        Maps.put(map, "closeMode", closeMode);
        return map;
    }

    @Override
    public Descriptor<MonitorDefaults> getDescriptor() {
        return Jenkins.get().getDescriptorOrDie(MonitorDefaults.class);
    }

    @Extension
    public static final class DescriptorImpl extends Descriptor<MonitorDefaults> {

        @NonNull
        @Override
        public String getDisplayName() {
            return "Defaults";
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
            items.add("normal (the built-in default)", "");
            items.add("normal: FIN", "normal");
            items.add("reset: SO_LINGER 0, no TIME_WAIT", "reset");
            return items;
        }
    }
}

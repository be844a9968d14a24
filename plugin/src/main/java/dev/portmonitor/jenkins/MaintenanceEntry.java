package dev.portmonitor.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jenkins.model.Jenkins;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * A maintenance window, with the keys of the YAML's {@code maintenance:} items: recurring
 * ({@code cron} and {@code duration}, in {@code timezone}) or once ({@code start} and {@code end}),
 * for some monitors, some tags, or (neither given) every monitor. Alerts are held while it is open.
 */
public final class MaintenanceEntry implements Describable<MaintenanceEntry> {

    private final String id;
    private String cron;
    private String duration;
    private String timezone;
    private String start;
    private String end;
    private String monitors;
    private String tags;

    @DataBoundConstructor
    public MaintenanceEntry(String id) {
        this.id = Maps.blankToNull(id);
    }

    public String getId() {
        return id;
    }

    public String getCron() {
        return cron;
    }

    @DataBoundSetter
    public void setCron(String cron) {
        this.cron = Maps.blankToNull(cron);
    }

    public String getDuration() {
        return duration;
    }

    @DataBoundSetter
    public void setDuration(String duration) {
        this.duration = Maps.blankToNull(duration);
    }

    public String getTimezone() {
        return timezone;
    }

    @DataBoundSetter
    public void setTimezone(String timezone) {
        this.timezone = Maps.blankToNull(timezone);
    }

    public String getStart() {
        return start;
    }

    @DataBoundSetter
    public void setStart(String start) {
        this.start = Maps.blankToNull(start);
    }

    public String getEnd() {
        return end;
    }

    @DataBoundSetter
    public void setEnd(String end) {
        this.end = Maps.blankToNull(end);
    }

    public String getMonitors() {
        return monitors;
    }

    /** Monitor ids, separated by commas. */
    @DataBoundSetter
    public void setMonitors(String monitors) {
        this.monitors = Maps.blankToNull(monitors);
    }

    public String getTags() {
        return tags;
    }

    /** Tags, separated by commas: the window holds every monitor with one of them. */
    @DataBoundSetter
    public void setTags(String tags) {
        this.tags = Maps.blankToNull(tags);
    }

    Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        Maps.put(map, "id", id);
        Maps.put(map, "cron", cron);
        Maps.put(map, "duration", duration);
        Maps.put(map, "timezone", timezone);
        Maps.put(map, "start", start);
        Maps.put(map, "end", end);
        Maps.putList(map, "monitors", monitors);
        Maps.putList(map, "tags", tags);
        return map;
    }

    @Override
    public Descriptor<MaintenanceEntry> getDescriptor() {
        return Jenkins.get().getDescriptorOrDie(MaintenanceEntry.class);
    }

    @Extension
    public static final class DescriptorImpl extends Descriptor<MaintenanceEntry> {

        @NonNull
        @Override
        public String getDisplayName() {
            return "Maintenance window";
        }

        @POST
        public FormValidation doCheckId(@QueryParameter String value) {
            return value == null || value.isBlank() ? FormValidation.error("Give the window an id, like weekly-backup.")
                    : Forms.ids(value, "id");
        }

        @POST
        public FormValidation doCheckCron(@QueryParameter String value) {
            return one("cron", value, Map.of("duration", "1h"));
        }

        @POST
        public FormValidation doCheckDuration(@QueryParameter String value) {
            return one("duration", value, Map.of("cron", "0 3 * * 0"));
        }

        @POST
        public FormValidation doCheckTimezone(@QueryParameter String value) {
            return one("timezone", value, Map.of("cron", "0 3 * * 0", "duration", "1h"));
        }

        @POST
        public FormValidation doCheckStart(@QueryParameter String value) {
            return one("start", value, Map.of("end", "2100-01-01T00:00:00Z"));
        }

        @POST
        public FormValidation doCheckEnd(@QueryParameter String value) {
            return one("end", value, Map.of("start", "2000-01-01T00:00:00Z"));
        }

        /**
         * One field of a window as the engine binds it: a window of that field and whatever else it
         * needs to be complete, bound alone; the engine's problem for that field, if any.
         */
        private static FormValidation one(String key, String value, Map<String, String> rest) {
            if (value == null || value.isBlank()) {
                return FormValidation.ok();
            }
            Map<String, Object> window = new LinkedHashMap<>(rest);
            window.put("id", "w");
            window.put(key, value.strip());
            return Forms.bound(Map.of("maintenance", List.of(window)));
        }
    }
}

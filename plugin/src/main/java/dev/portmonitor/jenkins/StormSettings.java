package dev.portmonitor.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import java.util.LinkedHashMap;
import java.util.Map;
import jenkins.model.Jenkins;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * Storm control, the YAML's {@code storm:} block: when more than {@code events} alerts are raised
 * within {@code window}, a channel gets one summary instead of each. On by default; empty fields
 * keep the engine's defaults.
 */
public final class StormSettings implements Describable<StormSettings> {

    private String events;
    private String window;
    private boolean enabled = true;

    @DataBoundConstructor
    public StormSettings() {
    }

    public String getEvents() {
        return events;
    }

    @DataBoundSetter
    public void setEvents(String events) {
        this.events = Maps.blankToNull(events);
    }

    public String getWindow() {
        return window;
    }

    @DataBoundSetter
    public void setWindow(String window) {
        this.window = Maps.blankToNull(window);
    }

    public boolean isEnabled() {
        return enabled;
    }

    @DataBoundSetter
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** Empty when nothing differs from the engine's defaults. */
    Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        Maps.put(map, "events", events);
        Maps.put(map, "window", window);
        if (!enabled) {
            map.put("enabled", false);
        }
        return map;
    }

    @Override
    public Descriptor<StormSettings> getDescriptor() {
        return Jenkins.get().getDescriptorOrDie(StormSettings.class);
    }

    @Extension
    public static final class DescriptorImpl extends Descriptor<StormSettings> {

        @NonNull
        @Override
        public String getDisplayName() {
            return "Storm control";
        }

        @POST
        public FormValidation doCheckEvents(@QueryParameter String value) {
            return storm("events", value);
        }

        @POST
        public FormValidation doCheckWindow(@QueryParameter String value) {
            return storm("window", value);
        }

        private static FormValidation storm(String key, String value) {
            if (value == null || value.isBlank()) {
                return FormValidation.ok();
            }
            return Forms.bound(Map.of("storm", Map.of(key, value.strip())));
        }
    }
}

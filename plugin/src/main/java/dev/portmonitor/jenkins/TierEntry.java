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

/** A tier: how often its monitors are checked, and where their alerts go unless they say otherwise. */
public final class TierEntry implements Describable<TierEntry> {

    private final String id;
    private final String interval;
    private String channels;

    @DataBoundConstructor
    public TierEntry(String id, String interval) {
        this.id = Maps.blankToNull(id);
        this.interval = Maps.blankToNull(interval);
    }

    public String getId() {
        return id;
    }

    public String getInterval() {
        return interval;
    }

    public String getChannels() {
        return channels;
    }

    /** Channel ids, separated by commas: {@code "oncall, dba"}. */
    @DataBoundSetter
    public void setChannels(String channels) {
        this.channels = Maps.blankToNull(channels);
    }

    Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        Maps.put(map, "id", id);
        Maps.put(map, "interval", interval);
        Maps.putList(map, "channels", channels);
        return map;
    }

    @Override
    public Descriptor<TierEntry> getDescriptor() {
        return Jenkins.get().getDescriptorOrDie(TierEntry.class);
    }

    @Extension
    public static final class DescriptorImpl extends Descriptor<TierEntry> {

        @NonNull
        @Override
        public String getDisplayName() {
            return "Tier";
        }

        @POST
        public FormValidation doCheckId(@QueryParameter String value) {
            return value == null || value.isBlank() ? FormValidation.error("Give the tier an id, like tier1.")
                    : Forms.ids(value, "id");
        }

        @POST
        public FormValidation doCheckInterval(@QueryParameter String value) {
            return Forms.duration(value, "interval", false);
        }

        @POST
        public FormValidation doCheckChannels(@QueryParameter String value) {
            return Forms.ids(value, "channels");
        }
    }
}

package dev.portmonitor.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jenkins.model.Jenkins;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * History and the monthly review, the YAML's {@code history:} and {@code review:} blocks: how long
 * incidents are kept, the time zone patterns and the review speak in, how soon after a deploy an
 * incident names it, whether a new pattern is announced, and when and to which channels the review
 * goes. Empty fields keep the engine's defaults.
 */
public final class HistoryOptions implements Describable<HistoryOptions> {

    private String keepIncidents;
    private String timezone;
    private String deployWindow;
    private boolean announcePatterns;
    private String reviewSchedule;
    private String reviewChannels;

    @DataBoundConstructor
    public HistoryOptions() {
    }

    public String getKeepIncidents() {
        return keepIncidents;
    }

    @DataBoundSetter
    public void setKeepIncidents(String keepIncidents) {
        this.keepIncidents = Maps.blankToNull(keepIncidents);
    }

    public String getTimezone() {
        return timezone;
    }

    @DataBoundSetter
    public void setTimezone(String timezone) {
        this.timezone = Maps.blankToNull(timezone);
    }

    public String getDeployWindow() {
        return deployWindow;
    }

    @DataBoundSetter
    public void setDeployWindow(String deployWindow) {
        this.deployWindow = Maps.blankToNull(deployWindow);
    }

    public boolean isAnnouncePatterns() {
        return announcePatterns;
    }

    @DataBoundSetter
    public void setAnnouncePatterns(boolean announcePatterns) {
        this.announcePatterns = announcePatterns;
    }

    public String getReviewSchedule() {
        return reviewSchedule;
    }

    @DataBoundSetter
    public void setReviewSchedule(String reviewSchedule) {
        this.reviewSchedule = Maps.blankToNull(reviewSchedule);
    }

    /** The ids of the channels that get the review, separated by commas or spaces. */
    public String getReviewChannels() {
        return reviewChannels;
    }

    @DataBoundSetter
    public void setReviewChannels(String reviewChannels) {
        this.reviewChannels = Maps.blankToNull(reviewChannels);
    }

    static List<String> ids(String text) {
        return text == null ? List.of() : Arrays.stream(text.split("[,\\s]+")).filter(s -> !s.isBlank()).toList();
    }

    /** The {@code history:} block; empty when nothing differs from the defaults. */
    Map<String, Object> historyMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        Maps.put(map, "keepIncidents", keepIncidents);
        Maps.put(map, "timezone", timezone);
        Maps.put(map, "deployWindow", deployWindow);
        if (announcePatterns) {
            map.put("announcePatterns", true);
        }
        return map;
    }

    /** The {@code review:} block; empty when nothing differs from the defaults. */
    Map<String, Object> reviewMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        Maps.put(map, "schedule", reviewSchedule);
        if (reviewChannels != null) {
            map.put("channels", ids(reviewChannels));
        }
        return map;
    }

    @Override
    public Descriptor<HistoryOptions> getDescriptor() {
        return Jenkins.get().getDescriptorOrDie(HistoryOptions.class);
    }

    @Extension
    public static final class DescriptorImpl extends Descriptor<HistoryOptions> {

        @NonNull
        @Override
        public String getDisplayName() {
            return "History and monthly review";
        }

        @POST
        public FormValidation doCheckKeepIncidents(@QueryParameter String value) {
            return check("history", "keepIncidents", value);
        }

        @POST
        public FormValidation doCheckTimezone(@QueryParameter String value) {
            return check("history", "timezone", value);
        }

        @POST
        public FormValidation doCheckDeployWindow(@QueryParameter String value) {
            return check("history", "deployWindow", value);
        }

        @POST
        public FormValidation doCheckReviewSchedule(@QueryParameter String value) {
            return check("review", "schedule", value);
        }

        private static FormValidation check(String block, String key, String value) {
            if (value == null || value.isBlank()) {
                return FormValidation.ok();
            }
            return Forms.bound(Map.of(block, Map.of(key, value.strip())));
        }
    }
}

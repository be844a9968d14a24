package dev.portmonitor.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Describable;
import hudson.model.Descriptor;
import java.util.LinkedHashMap;
import java.util.Map;
import jenkins.model.Jenkins;
import org.kohsuke.stapler.DataBoundConstructor;

/** A {@code log} channel: events go to the Jenkins log ({@code dev.portmonitor.events}). */
public final class LogSettings implements Describable<LogSettings> {

    @DataBoundConstructor
    public LogSettings() {
    }

    Map<String, Object> toMap() {
        return new LinkedHashMap<>();
    }

    @Override
    public Descriptor<LogSettings> getDescriptor() {
        return Jenkins.get().getDescriptorOrDie(LogSettings.class);
    }

    @Extension
    public static final class DescriptorImpl extends Descriptor<LogSettings> {
        @NonNull
        @Override
        public String getDisplayName() {
            return "Jenkins log";
        }
    }
}

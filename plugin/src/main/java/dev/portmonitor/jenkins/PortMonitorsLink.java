package dev.portmonitor.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.model.ManagementLink;
import hudson.security.Permission;
import jenkins.model.Jenkins;
import org.kohsuke.stapler.StaplerProxy;

/**
 * "Port Monitors" in Manage Jenkins. It serves the same page as {@link PortMonitorsPage}, at
 * {@code /manage/port-monitors}.
 */
@Extension
public final class PortMonitorsLink extends ManagementLink implements StaplerProxy {

    @Override
    public String getIconFileName() {
        return PortMonitorsPage.ICON;
    }

    @Override
    public String getDisplayName() {
        return "Port Monitors";
    }

    @Override
    public String getDescription() {
        return "The state, availability and incidents of every watched port.";
    }

    @Override
    public String getUrlName() {
        return PortMonitorsPage.URL;
    }

    @NonNull
    @Override
    public Permission getRequiredPermission() {
        return Jenkins.ADMINISTER;
    }

    @NonNull
    @Override
    public Category getCategory() {
        return Category.STATUS;
    }

    @Override
    public Object getTarget() {
        return ExtensionList.lookupSingleton(PortMonitorsPage.class).getTarget();
    }
}

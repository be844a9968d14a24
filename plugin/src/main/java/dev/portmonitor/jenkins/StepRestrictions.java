package dev.portmonitor.jenkins;

import dev.portmonitor.probe.ConnectPolicy;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import jenkins.model.Jenkins;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * Where {@code verifyPorts} may connect, so that a Pipeline author cannot scan the internal network
 * from the controller: allowed host names ({@code *.internal}), networks ({@code 10.1.0.0/16}) and
 * ports ({@code 5432, 8000-8999}). Empty lists allow everything. The rules are checked against the
 * name and against every address it resolves to, before any connection.
 */
public final class StepRestrictions implements Describable<StepRestrictions> {

    private String allowedHosts;
    private String allowedNetworks;
    private String allowedPorts;

    @DataBoundConstructor
    public StepRestrictions() {
    }

    public String getAllowedHosts() {
        return allowedHosts;
    }

    @DataBoundSetter
    public void setAllowedHosts(String allowedHosts) {
        this.allowedHosts = Maps.blankToNull(allowedHosts);
    }

    public String getAllowedNetworks() {
        return allowedNetworks;
    }

    @DataBoundSetter
    public void setAllowedNetworks(String allowedNetworks) {
        this.allowedNetworks = Maps.blankToNull(allowedNetworks);
    }

    public String getAllowedPorts() {
        return allowedPorts;
    }

    @DataBoundSetter
    public void setAllowedPorts(String allowedPorts) {
        this.allowedPorts = Maps.blankToNull(allowedPorts);
    }

    /** @throws IllegalArgumentException naming a rule that is not understood */
    ConnectPolicy policy() {
        return policy(allowedHosts, allowedNetworks, allowedPorts);
    }

    static ConnectPolicy policy(String hosts, String networks, String ports) {
        return ConnectPolicy.of(Lists.split(hosts), Lists.split(networks), Lists.split(ports));
    }

    @Override
    public Descriptor<StepRestrictions> getDescriptor() {
        return Jenkins.get().getDescriptorOrDie(StepRestrictions.class);
    }

    @Extension
    public static final class DescriptorImpl extends Descriptor<StepRestrictions> {

        @NonNull
        @Override
        public String getDisplayName() {
            return "Where verifyPorts may connect";
        }

        @POST
        public FormValidation doCheckAllowedHosts(@QueryParameter String value) {
            return Forms.policy(value, null, null);
        }

        @POST
        public FormValidation doCheckAllowedNetworks(@QueryParameter String value) {
            return Forms.policy(null, value, null);
        }

        @POST
        public FormValidation doCheckAllowedPorts(@QueryParameter String value) {
            return Forms.policy(null, null, value);
        }
    }
}

package dev.portmonitor.jenkins;

import dev.portmonitor.store.StoreSettings;
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
 * The embedded Hazelcast member. By default a member of its own on loopback, exposed to nothing.
 * The port differs from CloudBees CI's HA (5701) so that the two never meet. Several replicas
 * sharing one cluster is issue 6's work; here the settings are read and passed to the engine.
 */
public final class ClusterSettings implements Describable<ClusterSettings> {

    static final String DEFAULT_NAME = "port-monitor-jenkins";
    static final String DEFAULT_BIND = "127.0.0.1";
    static final int DEFAULT_PORT = 5801;

    private String clusterName = DEFAULT_NAME;
    private String bindAddress = DEFAULT_BIND;
    private int port = DEFAULT_PORT;
    private String members;

    @DataBoundConstructor
    public ClusterSettings() {
    }

    public String getClusterName() {
        return clusterName;
    }

    @DataBoundSetter
    public void setClusterName(String clusterName) {
        this.clusterName = clusterName == null || clusterName.isBlank() ? DEFAULT_NAME : clusterName.strip();
    }

    public String getBindAddress() {
        return bindAddress;
    }

    @DataBoundSetter
    public void setBindAddress(String bindAddress) {
        this.bindAddress = bindAddress == null || bindAddress.isBlank() ? DEFAULT_BIND : bindAddress.strip();
    }

    public int getPort() {
        return port;
    }

    @DataBoundSetter
    public void setPort(int port) {
        this.port = port <= 0 ? DEFAULT_PORT : port;
    }

    public String getMembers() {
        return members;
    }

    /** Other members' host:port, separated by commas; empty for a member of its own. */
    @DataBoundSetter
    public void setMembers(String members) {
        this.members = Maps.blankToNull(members);
    }

    StoreSettings toStoreSettings(ClassLoader loader) {
        return new StoreSettings(clusterName, bindAddress, port, Lists.split(members), loader);
    }

    @Override
    public Descriptor<ClusterSettings> getDescriptor() {
        return Jenkins.get().getDescriptorOrDie(ClusterSettings.class);
    }

    @Extension
    public static final class DescriptorImpl extends Descriptor<ClusterSettings> {

        @NonNull
        @Override
        public String getDisplayName() {
            return "Cluster";
        }

        @POST
        public FormValidation doCheckPort(@QueryParameter String value) {
            return Forms.port(value);
        }

        @POST
        public FormValidation doCheckClusterName(@QueryParameter String value) {
            return value == null || value.isBlank() ? FormValidation.ok() : Forms.ids(value, "clusterName");
        }
    }
}

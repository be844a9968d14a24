package dev.portmonitor.jenkins;

import dev.portmonitor.cluster.MemberSettings;
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
 * The port differs from CloudBees CI's HA (5701) so that the two never meet. With members, the
 * controller replicas form one cluster (docs/cluster.md): each monitor probed by one replica, each
 * alert sent once, nothing lost when a replica dies.
 */
public final class ClusterSettings implements Describable<ClusterSettings> {

    static final String DEFAULT_NAME = "port-monitor-jenkins";
    static final String DEFAULT_BIND = "127.0.0.1";
    static final int DEFAULT_PORT = 5801;

    private String clusterName = DEFAULT_NAME;
    private String bindAddress = DEFAULT_BIND;
    private int port = DEFAULT_PORT;
    private String members;
    private String joinSecretCredentialsId;

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

    public String getJoinSecretCredentialsId() {
        return joinSecretCredentialsId;
    }

    /** A secret-text credential shared by the replicas; see docs/cluster.md for what it does and does not do. */
    @DataBoundSetter
    public void setJoinSecretCredentialsId(String joinSecretCredentialsId) {
        this.joinSecretCredentialsId = Maps.blankToNull(joinSecretCredentialsId);
    }

    /**
     * The member's settings.
     *
     * @throws IllegalArgumentException when the join secret's credential is missing
     */
    MemberSettings toMemberSettings(ClassLoader loader) {
        String secret = null;
        if (joinSecretCredentialsId != null) {
            dev.portmonitor.config.Secret found = Credentials.lookup().find(joinSecretCredentialsId);
            if (found == null) {
                throw new IllegalArgumentException("cluster.joinSecretCredentialsId: no credential \"" + joinSecretCredentialsId
                        + "\" holding a secret");
            }
            secret = found.reveal();
        }
        return new MemberSettings(clusterName, bindAddress, port, Lists.split(members), loader, secret);
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
        public hudson.util.ListBoxModel doFillJoinSecretCredentialsIdItems(@QueryParameter String joinSecretCredentialsId) {
            return Credentials.items(joinSecretCredentialsId, org.jenkinsci.plugins.plaincredentials.StringCredentials.class);
        }

        @POST
        public FormValidation doCheckClusterName(@QueryParameter String value) {
            return value == null || value.isBlank() ? FormValidation.ok() : Forms.ids(value, "clusterName");
        }
    }
}

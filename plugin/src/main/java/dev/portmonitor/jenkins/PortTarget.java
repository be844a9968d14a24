package dev.portmonitor.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * One target in the map form: {@code [host: 'db', port: 5432, name: 'orders-db', critical: true]},
 * and with a kind of check and its options ({@link CheckFields}): {@code [host: 'db', check: 'postgres']}.
 */
public final class PortTarget extends CheckFields implements Describable<PortTarget>, Serializable {

    private static final long serialVersionUID = 1L;

    private final String host;
    private final int port;
    private String name;
    private boolean critical = true;

    @DataBoundConstructor
    public PortTarget(String host, int port) {
        this.host = host;
        this.port = port;
    }

    public String getHost() {
        return host;
    }

    public int getPort() {
        return port;
    }

    public String getName() {
        return name;
    }

    @DataBoundSetter
    public void setName(String name) {
        this.name = name == null || name.isBlank() ? null : name.strip();
    }

    public boolean isCritical() {
        return critical;
    }

    /** A closed critical port fails the build; any other only marks it unstable. */
    @DataBoundSetter
    public void setCritical(boolean critical) {
        this.critical = critical;
    }

    /** The map {@link dev.portmonitor.step.PortCheck} reads, so both forms meet the same validation. */
    Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("host", host);
        if (port != 0) {
            map.put("port", port); // 0: the kind's default port
        }
        putCheck(map);
        if (name != null) {
            map.put("name", name);
        }
        map.put("critical", critical);
        return map;
    }

    @Override
    public Descriptor<PortTarget> getDescriptor() {
        return jenkins.model.Jenkins.get().getDescriptorOrDie(PortTarget.class);
    }

    @Extension
    public static final class DescriptorImpl extends CheckFields.DescriptorBase<PortTarget> {

        @NonNull
        @Override
        public String getDisplayName() {
            return "Target";
        }

        @POST
        public FormValidation doCheckHost(@QueryParameter String value) {
            return Forms.host(value);
        }

        @POST
        public FormValidation doCheckPort(@QueryParameter String value, @QueryParameter("check") String check) {
            return Forms.portOrDefault(value, check);
        }
    }
}

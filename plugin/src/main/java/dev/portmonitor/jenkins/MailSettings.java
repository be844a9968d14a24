package dev.portmonitor.jenkins;

import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import java.util.LinkedHashMap;
import java.util.Map;
import jenkins.model.Jenkins;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/** A {@code mail} channel: SMTP with STARTTLS, SSL or none; the login from a username-with-password credential. */
public final class MailSettings implements Describable<MailSettings> {

    private final String host;
    private final String from;
    private final String to;
    private String port;
    private String security = "starttls";
    private String credentialsId;
    private String subject;
    private String timeout;
    private String trust;
    private String deliveryDeadline;

    @DataBoundConstructor
    public MailSettings(String host, String from, String to) {
        this.host = Maps.blankToNull(host);
        this.from = Maps.blankToNull(from);
        this.to = Maps.blankToNull(to);
    }

    public String getHost() {
        return host;
    }

    public String getFrom() {
        return from;
    }

    /** Recipients, separated by commas. */
    public String getTo() {
        return to;
    }

    public String getPort() {
        return port;
    }

    @DataBoundSetter
    public void setPort(String port) {
        this.port = Maps.blankToNull(port);
    }

    public String getSecurity() {
        return security;
    }

    /** {@code starttls} (default), {@code ssl} or {@code none}. */
    @DataBoundSetter
    public void setSecurity(String security) {
        this.security = security == null || security.isBlank() ? "starttls" : security.strip();
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = Maps.blankToNull(credentialsId);
    }

    public String getSubject() {
        return subject;
    }

    @DataBoundSetter
    public void setSubject(String subject) {
        this.subject = Maps.blankToNull(subject);
    }

    public String getTimeout() {
        return timeout;
    }

    @DataBoundSetter
    public void setTimeout(String timeout) {
        this.timeout = Maps.blankToNull(timeout);
    }

    public String getTrust() {
        return trust;
    }

    @DataBoundSetter
    public void setTrust(String trust) {
        this.trust = Maps.blankToNull(trust);
    }

    public String getDeliveryDeadline() {
        return deliveryDeadline;
    }

    @DataBoundSetter
    public void setDeliveryDeadline(String deliveryDeadline) {
        this.deliveryDeadline = Maps.blankToNull(deliveryDeadline);
    }

    Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        Maps.put(map, "host", host);
        Maps.put(map, "port", port);
        Maps.put(map, "security", security);
        if (credentialsId != null) {
            Maps.put(map, "username", Credentials.username(credentialsId));
            Maps.putCredentials(map, "password", credentialsId);
        }
        Maps.put(map, "from", from);
        Maps.putList(map, "to", to);
        Maps.put(map, "subject", subject);
        Maps.put(map, "timeout", timeout);
        Maps.put(map, "trust", trust);
        Maps.put(map, "deliveryDeadline", deliveryDeadline);
        return map;
    }

    @Override
    public Descriptor<MailSettings> getDescriptor() {
        return Jenkins.get().getDescriptorOrDie(MailSettings.class);
    }

    @Extension
    public static final class DescriptorImpl extends Descriptor<MailSettings> {

        @NonNull
        @Override
        public String getDisplayName() {
            return "Mail (SMTP)";
        }

        @POST
        public ListBoxModel doFillSecurityItems() {
            ListBoxModel items = new ListBoxModel();
            items.add("STARTTLS (usually port 587)", "starttls");
            items.add("SSL/TLS from the first byte (usually port 465)", "ssl");
            items.add("None (a relay on a trusted network only)", "none");
            return items;
        }

        @POST
        public ListBoxModel doFillCredentialsIdItems(@QueryParameter String credentialsId) {
            return Credentials.items(credentialsId, StandardUsernamePasswordCredentials.class);
        }

        @POST
        public FormValidation doCheckHost(@QueryParameter String value) {
            return Forms.host(value);
        }

        @POST
        public FormValidation doCheckPort(@QueryParameter String value) {
            return value == null || value.isBlank() ? FormValidation.ok() : Forms.port(value);
        }

        @POST
        public FormValidation doCheckTimeout(@QueryParameter String value) {
            return Forms.duration(value, "timeout", true);
        }

        @POST
        public FormValidation doCheckDeliveryDeadline(@QueryParameter String value) {
            return Forms.duration(value, "deliveryDeadline", true);
        }
    }
}

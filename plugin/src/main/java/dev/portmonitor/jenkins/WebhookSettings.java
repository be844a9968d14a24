package dev.portmonitor.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import java.util.LinkedHashMap;
import java.util.Map;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/** A {@code webhook} channel (docs/webhook.md); the HMAC secret is a secret-text credential. */
public final class WebhookSettings implements Describable<WebhookSettings> {

    private final String url;
    private String secretCredentialsId;
    private String headers;
    private String timeout;
    private String deliveryDeadline;

    @DataBoundConstructor
    public WebhookSettings(String url) {
        this.url = Maps.blankToNull(url);
    }

    public String getUrl() {
        return url;
    }

    public String getSecretCredentialsId() {
        return secretCredentialsId;
    }

    @DataBoundSetter
    public void setSecretCredentialsId(String secretCredentialsId) {
        this.secretCredentialsId = Maps.blankToNull(secretCredentialsId);
    }

    public String getHeaders() {
        return headers;
    }

    /** One header a line: {@code X-Team: payments}. */
    @DataBoundSetter
    public void setHeaders(String headers) {
        this.headers = Maps.blankToNull(headers);
    }

    public String getTimeout() {
        return timeout;
    }

    @DataBoundSetter
    public void setTimeout(String timeout) {
        this.timeout = Maps.blankToNull(timeout);
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
        Maps.put(map, "url", url);
        Maps.putCredentials(map, "secret", secretCredentialsId);
        Map<String, Object> parsed = parseHeaders(headers);
        if (!parsed.isEmpty()) {
            map.put("headers", parsed);
        }
        Maps.put(map, "timeout", timeout);
        Maps.put(map, "deliveryDeadline", deliveryDeadline);
        return map;
    }

    /** {@code Name: value} lines; a line without a colon is kept whole as a name, which the engine reports. */
    static Map<String, Object> parseHeaders(String text) {
        Map<String, Object> map = new LinkedHashMap<>();
        if (text == null) {
            return map;
        }
        for (String line : text.split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                map.put(line.strip(), "");
            } else {
                map.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
            }
        }
        return map;
    }

    @Override
    public Descriptor<WebhookSettings> getDescriptor() {
        return Jenkins.get().getDescriptorOrDie(WebhookSettings.class);
    }

    @Extension
    public static final class DescriptorImpl extends Descriptor<WebhookSettings> {

        @NonNull
        @Override
        public String getDisplayName() {
            return "Webhook";
        }

        @POST
        public ListBoxModel doFillSecretCredentialsIdItems(@QueryParameter String secretCredentialsId) {
            return Credentials.items(secretCredentialsId, StringCredentials.class);
        }

        @POST
        public FormValidation doCheckUrl(@QueryParameter String value) {
            if (value == null || value.isBlank()) {
                return FormValidation.error("Give the URL to POST events to, like https://hooks.example.com/port-monitor.");
            }
            String url = value.strip().toLowerCase(java.util.Locale.ROOT);
            return url.startsWith("https://") || url.startsWith("http://") ? FormValidation.ok()
                    : FormValidation.error("\"" + value + "\" is not an http or https URL.");
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

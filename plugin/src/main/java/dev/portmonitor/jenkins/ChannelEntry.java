package dev.portmonitor.jenkins;

import dev.portmonitor.config.ChannelConfig;
import dev.portmonitor.config.InvalidConfigException;
import dev.portmonitor.config.PortMonitorConfig;
import dev.portmonitor.notify.RetryingDelivery;
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

/**
 * A channel, as in the CLI's YAML: an id and exactly one of {@code log}, {@code mail},
 * {@code telegram}, {@code webhook}.
 */
public final class ChannelEntry implements Describable<ChannelEntry> {

    private final String id;
    private boolean log;
    private MailSettings mail;
    private TelegramSettings telegram;
    private WebhookSettings webhook;

    @DataBoundConstructor
    public ChannelEntry(String id) {
        this.id = Maps.blankToNull(id);
    }

    public String getId() {
        return id;
    }

    public boolean isLog() {
        return log;
    }

    /**
     * A {@code log} channel: events go to the Jenkins log (logger {@code dev.portmonitor.events}).
     * {@code log: true} in configuration as code, {@code log: {}} in the CLI's YAML: an object with
     * no attributes would not survive a configuration-as-code export.
     */
    @DataBoundSetter
    public void setLog(boolean log) {
        this.log = log;
    }

    public MailSettings getMail() {
        return mail;
    }

    @DataBoundSetter
    public void setMail(MailSettings mail) {
        this.mail = mail;
    }

    public TelegramSettings getTelegram() {
        return telegram;
    }

    @DataBoundSetter
    public void setTelegram(TelegramSettings telegram) {
        this.telegram = telegram;
    }

    public WebhookSettings getWebhook() {
        return webhook;
    }

    @DataBoundSetter
    public void setWebhook(WebhookSettings webhook) {
        this.webhook = webhook;
    }

    Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        Maps.put(map, "id", id);
        if (log) {
            map.put("log", new LinkedHashMap<>());
        }
        if (mail != null) {
            map.put("mail", mail.toMap());
        }
        if (telegram != null) {
            map.put("telegram", telegram.toMap());
        }
        if (webhook != null) {
            map.put("webhook", webhook.toMap());
        }
        return map;
    }

    @Override
    public Descriptor<ChannelEntry> getDescriptor() {
        return Jenkins.get().getDescriptorOrDie(ChannelEntry.class);
    }

    @Extension
    public static final class DescriptorImpl extends Descriptor<ChannelEntry> {

        @NonNull
        @Override
        public String getDisplayName() {
            return "Channel";
        }

        @POST
        public FormValidation doCheckId(@QueryParameter String value) {
            return value == null || value.isBlank() ? FormValidation.error("Give the channel an id, like oncall.")
                    : Forms.ids(value, "id");
        }

        /**
         * "Send test message": through the channel as saved (the form's credentials and settings must
         * be saved first, since a secret never travels back from the page). Administrators only, POST only.
         */
        @POST
        public FormValidation doSendTest(@QueryParameter String id) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
            PortMonitorConfig config;
            try {
                config = PortMonitorConfiguration.get().toEngineConfig();
            } catch (InvalidConfigException e) {
                return FormValidation.error("The saved configuration has problems; fix and save it first:\n"
                        + String.join("\n", e.problems().stream().map(Object::toString).toList()));
            }
            ChannelConfig channel = config.channel(id == null ? "" : id.strip()).orElse(null);
            if (channel == null) {
                return FormValidation.error("No saved channel \"" + id + "\": save the configuration first, then send the test.");
            }
            RetryingDelivery.Outcome outcome = PortMonitorRuntime.get().testChannel(channel);
            return outcome.delivered()
                    ? FormValidation.ok("Test message delivered to " + channel.type() + " channel " + channel.id()
                            + " (" + outcome.attempts() + (outcome.attempts() == 1 ? " attempt)" : " attempts)"))
                    : FormValidation.error(channel.type() + " channel " + channel.id() + " failed: " + outcome.reason());
        }
    }
}

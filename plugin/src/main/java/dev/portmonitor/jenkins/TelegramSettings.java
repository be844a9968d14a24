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

/** A {@code telegram} channel: the bot token is a secret-text credential. */
public final class TelegramSettings implements Describable<TelegramSettings> {

    private final String botTokenCredentialsId;
    private final String chatId;
    private String baseUrl;
    private String timeout;
    private String deliveryDeadline;

    @DataBoundConstructor
    public TelegramSettings(String botTokenCredentialsId, String chatId) {
        this.botTokenCredentialsId = Maps.blankToNull(botTokenCredentialsId);
        this.chatId = Maps.blankToNull(chatId);
    }

    public String getBotTokenCredentialsId() {
        return botTokenCredentialsId;
    }

    public String getChatId() {
        return chatId;
    }

    public String getBaseUrl() {
        return baseUrl;
    }

    /** A self-hosted Bot API server; empty for api.telegram.org. */
    @DataBoundSetter
    public void setBaseUrl(String baseUrl) {
        this.baseUrl = Maps.blankToNull(baseUrl);
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
        Maps.putCredentials(map, "botToken", botTokenCredentialsId);
        Maps.put(map, "chatId", chatId);
        Maps.put(map, "baseUrl", baseUrl);
        Maps.put(map, "timeout", timeout);
        Maps.put(map, "deliveryDeadline", deliveryDeadline);
        return map;
    }

    @Override
    public Descriptor<TelegramSettings> getDescriptor() {
        return Jenkins.get().getDescriptorOrDie(TelegramSettings.class);
    }

    @Extension
    public static final class DescriptorImpl extends Descriptor<TelegramSettings> {

        @NonNull
        @Override
        public String getDisplayName() {
            return "Telegram";
        }

        @POST
        public ListBoxModel doFillBotTokenCredentialsIdItems(@QueryParameter String botTokenCredentialsId) {
            return Credentials.items(botTokenCredentialsId, StringCredentials.class);
        }

        @POST
        public FormValidation doCheckChatId(@QueryParameter String value) {
            if (value == null || value.isBlank()) {
                return FormValidation.error("Give the chat id: a number like -1001234567890, or a channel's @username.");
            }
            return value.strip().matches("-?\\d+|@[A-Za-z0-9_]{5,}") ? FormValidation.ok()
                    : FormValidation.error("\"" + value + "\" is not a chat id; give a number (-1001234567890) or a channel's @username.");
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

package dev.portmonitor.jenkins;

import dev.portmonitor.probe.ProbeKind;
import dev.portmonitor.probe.ProbeKinds;
import dev.portmonitor.target.InvalidTargetException;
import dev.portmonitor.target.Target;
import dev.portmonitor.target.TargetParser;
import dev.portmonitor.verify.Check;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import jenkins.model.Jenkins;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * What a monitor or a step target checks: its kind ({@code check}, TCP when empty) and the kind's
 * options, with the same keys as the YAML, flat beside the monitor's own ({@code check: postgres},
 * {@code user: app}). One getter and setter per option key of any kind, so that the form, the
 * Snippet Generator and configuration as code all see them; the engine binds and validates them
 * for the chosen kind. The form shows them in one section (checkFields.jelly), each with help that
 * names the kinds it belongs to.
 */
public abstract class CheckFields implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * Every option key of every kind, in the order the form shows them: TLS's, then postgres,
     * mysql and smtp's, dns's, http's, expect's (CheckFieldsTest holds it to the engine's kinds).
     */
    static final List<String> OPTION_KEYS = List.of(
            "tls", "serverName", "caFile", "warnDays", "critDays",
            "user", "database", "helo",
            "query", "type", "transport", "recursion",
            "path", "method", "status", "body", "hostHeader",
            "send", "sendHex", "expect", "readLimit");

    private String check;
    private TreeMap<String, String> checkOptions;

    public String getCheck() {
        return check;
    }

    /** The kind of check, as in the YAML: {@code postgres}, {@code redis}...; empty for a TCP connect. */
    @DataBoundSetter
    public void setCheck(String check) {
        String kind = Maps.blankToNull(check);
        this.check = kind == null ? null : kind.toLowerCase(Locale.ROOT);
    }

    private String option(String key) {
        return checkOptions == null ? null : checkOptions.get(key);
    }

    private void option(String key, String value) {
        String given = Maps.blankToNull(value);
        if (given == null) {
            if (checkOptions != null) {
                checkOptions.remove(key);
            }
            return;
        }
        if (checkOptions == null) {
            checkOptions = new TreeMap<>();
        }
        checkOptions.put(key, given);
    }

    /** Puts {@code check} and the options that are set into the engine's map of a monitor or a target. */
    final void putCheck(Map<String, Object> map) {
        Maps.put(map, "check", check);
        if (checkOptions != null) {
            checkOptions.forEach(map::put);
        }
    }

    public String getTls() {
        return option("tls");
    }

    /** {@code true} or {@code false}; empty for the kind's default. */
    @DataBoundSetter
    public void setTls(String tls) {
        option("tls", tls);
    }

    public String getServerName() {
        return option("serverName");
    }

    @DataBoundSetter
    public void setServerName(String serverName) {
        option("serverName", serverName);
    }

    public String getCaFile() {
        return option("caFile");
    }

    @DataBoundSetter
    public void setCaFile(String caFile) {
        option("caFile", caFile);
    }

    public String getWarnDays() {
        return option("warnDays");
    }

    @DataBoundSetter
    public void setWarnDays(String warnDays) {
        option("warnDays", warnDays);
    }

    public String getCritDays() {
        return option("critDays");
    }

    @DataBoundSetter
    public void setCritDays(String critDays) {
        option("critDays", critDays);
    }

    public String getUser() {
        return option("user");
    }

    @DataBoundSetter
    public void setUser(String user) {
        option("user", user);
    }

    public String getDatabase() {
        return option("database");
    }

    @DataBoundSetter
    public void setDatabase(String database) {
        option("database", database);
    }

    public String getHelo() {
        return option("helo");
    }

    @DataBoundSetter
    public void setHelo(String helo) {
        option("helo", helo);
    }

    public String getQuery() {
        return option("query");
    }

    @DataBoundSetter
    public void setQuery(String query) {
        option("query", query);
    }

    public String getType() {
        return option("type");
    }

    @DataBoundSetter
    public void setType(String type) {
        option("type", type);
    }

    public String getTransport() {
        return option("transport");
    }

    @DataBoundSetter
    public void setTransport(String transport) {
        option("transport", transport);
    }

    public String getRecursion() {
        return option("recursion");
    }

    @DataBoundSetter
    public void setRecursion(String recursion) {
        option("recursion", recursion);
    }

    public String getPath() {
        return option("path");
    }

    @DataBoundSetter
    public void setPath(String path) {
        option("path", path);
    }

    public String getMethod() {
        return option("method");
    }

    @DataBoundSetter
    public void setMethod(String method) {
        option("method", method);
    }

    public String getStatus() {
        return option("status");
    }

    @DataBoundSetter
    public void setStatus(String status) {
        option("status", status);
    }

    public String getBody() {
        return option("body");
    }

    @DataBoundSetter
    public void setBody(String body) {
        option("body", body);
    }

    public String getHostHeader() {
        return option("hostHeader");
    }

    @DataBoundSetter
    public void setHostHeader(String hostHeader) {
        option("hostHeader", hostHeader);
    }

    public String getSend() {
        return option("send");
    }

    @DataBoundSetter
    public void setSend(String send) {
        option("send", send);
    }

    public String getSendHex() {
        return option("sendHex");
    }

    @DataBoundSetter
    public void setSendHex(String sendHex) {
        option("sendHex", sendHex);
    }

    public String getExpect() {
        return option("expect");
    }

    @DataBoundSetter
    public void setExpect(String expect) {
        option("expect", expect);
    }

    public String getReadLimit() {
        return option("readLimit");
    }

    @DataBoundSetter
    public void setReadLimit(String readLimit) {
        option("readLimit", readLimit);
    }

    /**
     * The form methods of the check fields, for the descriptors of the classes that have them:
     * the kind list, the tri-state TLS list, and one check per option that binds it the way the
     * engine will, for the kind chosen in the form.
     */
    abstract static class DescriptorBase<T extends Describable<T>> extends Descriptor<T> {

        public ListBoxModel doFillCheckItems() {
            ListBoxModel items = new ListBoxModel();
            for (ProbeKind kind : ProbeKinds.all()) {
                String port = kind.defaultPort() > 0 ? " (" + kind.defaultPort() + ")" : "";
                items.add(kind.name().equals(Target.TCP) ? "tcp: connect only" + port : kind.name() + port, kind.name());
            }
            return items;
        }

        public ListBoxModel doFillTlsItems() {
            ListBoxModel items = new ListBoxModel();
            items.add("the kind's default", "");
            items.add("true", "true");
            items.add("false", "false");
            return items;
        }

        @POST
        public FormValidation doCheckTls(@QueryParameter String value, @QueryParameter("check") String check) {
            return option(check, "tls", value);
        }

        @POST
        public FormValidation doCheckServerName(@QueryParameter String value, @QueryParameter("check") String check) {
            return option(check, "serverName", value);
        }

        @POST
        public FormValidation doCheckCaFile(@QueryParameter String value, @QueryParameter("check") String check) {
            return option(check, "caFile", value);
        }

        @POST
        public FormValidation doCheckWarnDays(@QueryParameter String value, @QueryParameter("check") String check) {
            return option(check, "warnDays", value);
        }

        @POST
        public FormValidation doCheckCritDays(@QueryParameter String value, @QueryParameter("check") String check) {
            return option(check, "critDays", value);
        }

        @POST
        public FormValidation doCheckUser(@QueryParameter String value, @QueryParameter("check") String check) {
            return option(check, "user", value);
        }

        @POST
        public FormValidation doCheckDatabase(@QueryParameter String value, @QueryParameter("check") String check) {
            return option(check, "database", value);
        }

        @POST
        public FormValidation doCheckHelo(@QueryParameter String value, @QueryParameter("check") String check) {
            return option(check, "helo", value);
        }

        @POST
        public FormValidation doCheckQuery(@QueryParameter String value, @QueryParameter("check") String check) {
            return option(check, "query", value);
        }

        @POST
        public FormValidation doCheckType(@QueryParameter String value, @QueryParameter("check") String check) {
            return option(check, "type", value);
        }

        @POST
        public FormValidation doCheckTransport(@QueryParameter String value, @QueryParameter("check") String check) {
            return option(check, "transport", value);
        }

        @POST
        public FormValidation doCheckRecursion(@QueryParameter String value, @QueryParameter("check") String check) {
            return option(check, "recursion", value);
        }

        @POST
        public FormValidation doCheckPath(@QueryParameter String value, @QueryParameter("check") String check) {
            return option(check, "path", value);
        }

        @POST
        public FormValidation doCheckMethod(@QueryParameter String value, @QueryParameter("check") String check) {
            return option(check, "method", value);
        }

        @POST
        public FormValidation doCheckStatus(@QueryParameter String value, @QueryParameter("check") String check) {
            return option(check, "status", value);
        }

        @POST
        public FormValidation doCheckBody(@QueryParameter String value, @QueryParameter("check") String check) {
            return option(check, "body", value);
        }

        @POST
        public FormValidation doCheckHostHeader(@QueryParameter String value, @QueryParameter("check") String check) {
            return option(check, "hostHeader", value);
        }

        @POST
        public FormValidation doCheckSend(@QueryParameter String value, @QueryParameter("check") String check) {
            return option(check, "send", value);
        }

        @POST
        public FormValidation doCheckSendHex(@QueryParameter String value, @QueryParameter("check") String check) {
            return option(check, "sendHex", value);
        }

        @POST
        public FormValidation doCheckExpect(@QueryParameter String value, @QueryParameter("check") String check) {
            return option(check, "expect", value);
        }

        @POST
        public FormValidation doCheckReadLimit(@QueryParameter String value, @QueryParameter("check") String check) {
            return option(check, "readLimit", value);
        }

        /**
         * One option as the engine binds it for the chosen kind. Only for administrators: binding
         * {@code caFile} reads the controller's file system, which nobody else may probe.
         */
        static FormValidation option(String check, String key, String value) {
            if (value == null || value.isBlank() || !Jenkins.get().hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            ProbeKind kind = Forms.kind(check).orElse(null);
            if (kind == null) {
                return FormValidation.ok(); // the check field says what is wrong with the kind
            }
            if (!kind.settingKeys().contains(key)) {
                String owners = ProbeKinds.all().stream().filter(k -> k.settingKeys().contains(key)).map(ProbeKind::name)
                        .collect(Collectors.joining(", "));
                return FormValidation.error("A " + kind.name() + " check has no option " + key + "; clear it, or choose a check"
                        + " that has it (" + owners + ").");
            }
            try {
                Target target = TargetParser.structured("localhost", Math.max(kind.defaultPort(), 1), null, true).withKind(kind.name());
                Check.of(target, Map.of(key, value.strip()));
                return FormValidation.ok();
            } catch (InvalidTargetException e) {
                String message = e.getMessage();
                int reason = message.indexOf("\": ");
                return FormValidation.error(reason > 0 && message.startsWith("\"") ? message.substring(reason + 3) : message);
            }
        }

        @POST
        public FormValidation doCheckCheck(@QueryParameter String value) {
            if (value == null || value.isBlank() || Forms.kind(value).isPresent()) {
                return FormValidation.ok();
            }
            return FormValidation.error("\"" + value + "\" is not a kind of check; the kinds are " + ProbeKinds.kindNames() + ".");
        }
    }
}

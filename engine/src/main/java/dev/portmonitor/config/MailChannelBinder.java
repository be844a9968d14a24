package dev.portmonitor.config;

import static dev.portmonitor.config.Values.join;
import static dev.portmonitor.config.Values.line;
import static dev.portmonitor.config.Values.or;

import dev.portmonitor.config.ConfigNode.MapNode;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** {@code mail: {host, port, security, username, password, from, to, subject, trust, timeout, deliveryDeadline}}. */
final class MailChannelBinder implements ChannelBinder {

    private static final List<String> KEYS = List.of("host", "port", "security", "username", "password", "from", "to",
            "subject", "trust", "timeout", "deliveryDeadline");
    private static final List<String> SECURITY = List.of("starttls", "ssl", "none");
    private static final Pattern ADDRESS = Pattern.compile("[^@\\s<>,\"]+@[^@\\s<>,\"]+\\.[^@\\s<>,\"]+|[^@\\s<>,\"]+@localhost");

    private final Values values;
    private final SecretBinder secrets;

    MailChannelBinder(Values values, SecretBinder secrets) {
        this.values = values;
        this.secrets = secrets;
    }

    @Override
    public MailChannelConfig bind(String id, ConfigNode node, String path) {
        MapNode map = values.map(node, path, KEYS);
        if (map == null) {
            return null;
        }
        int before = values.problems().size();
        String host = values.text(map, "host", path);
        String security = or(values.text(map, "security", path), Defaults.MAIL_SECURITY).toLowerCase(Locale.ROOT);
        if (!SECURITY.contains(security)) {
            values.problem(join(path, "security"), line(map, "security"), "\"" + security + "\" is not one of starttls, ssl, none");
        }
        // Integer.valueOf keeps this a reference conditional: an int one would unbox a bad port's null.
        Integer port = map.entries().containsKey("port") ? values.port(map, path)
                : Integer.valueOf(Defaults.mailPort(security));
        String username = values.text(map, "username", path);
        Secret password = secrets.bind(map, "password", path);
        if ((username == null) != (password == null) && values.problems().size() == before) {
            values.problem(path, map.line(), "give both username and password, or neither");
        }
        String from = address(map, "from", path);
        List<String> to = values.strings(map, "to", path);
        for (int i = 0; i < to.size(); i++) {
            if (!ADDRESS.matcher(to.get(i)).matches()) {
                values.problem(join(path, "to") + "[" + i + "]", line(map, "to"), "\"" + to.get(i) + "\" is not a mail address");
            }
        }
        if (host == null && !map.entries().containsKey("host")) {
            values.problem(path, map.line(), "needs a host (the SMTP server)");
        }
        if (from == null && !map.entries().containsKey("from")) {
            values.problem(path, map.line(), "needs a from address");
        }
        if (to.isEmpty() && !map.entries().containsKey("to")) {
            values.problem(path, map.line(), "needs to: at least one recipient");
        }
        String subject = or(values.text(map, "subject", path), Defaults.MAIL_SUBJECT);
        String trust = values.text(map, "trust", path);
        Duration timeout = ChannelBinder.timeout(values, map, path, Defaults.MAIL_TIMEOUT);
        Duration deadline = ChannelBinder.deliveryDeadline(values, map, path);
        return values.problems().size() == before && id != null && host != null && port != null && from != null && !to.isEmpty()
                ? new MailChannelConfig(id, host, port, security, username, password, from, to, subject, trust, timeout, deadline)
                : null;
    }

    private String address(MapNode map, String key, String path) {
        String text = values.text(map, key, path);
        if (text != null && !ADDRESS.matcher(text).matches()) {
            values.problem(join(path, key), line(map, key), "\"" + text + "\" is not a mail address");
            return null;
        }
        return text;
    }
}

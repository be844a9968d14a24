package dev.portmonitor.config;

import static dev.portmonitor.config.Values.join;
import static dev.portmonitor.config.Values.line;

import dev.portmonitor.config.ConfigNode.MapNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** The URLs of channels (a webhook, Telegram's base URL): http or https, a host, a port that exists. */
final class Urls {

    private Urls() {
    }

    /** An http or https URL with a host. */
    static URI read(Values values, MapNode map, String key, String path) {
        String text = values.text(map, key, path);
        if (text == null) {
            return null;
        }
        // A URL may carry credentials (user info, a token in the path or query): errors quote its start only.
        String shown = "\"" + text.replaceAll("^([A-Za-z][A-Za-z0-9+.-]*://)?[^/?#@]*@", "$1").replaceAll("^((?:[A-Za-z][A-Za-z0-9+.-]*://)?[^/?#]*).*$", "$1") + "...\"";
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                values.problem(join(path, key), line(map, key), shown + " is not an http or https URL");
                return null;
            }
            if (uri.getHost() == null) {
                values.problem(join(path, key), line(map, key), shown + " has no host");
                return null;
            }
            if (uri.getPort() == 0 || uri.getPort() > 65535) {
                values.problem(join(path, key), line(map, key), shown + " has port " + uri.getPort() + "; a port is 1-65535");
                return null;
            }
            return uri;
        } catch (URISyntaxException e) {
            values.problem(join(path, key), line(map, key), shown + " is not a URL");
            return null;
        }
    }
}

package dev.portmonitor.target;

import io.netty.util.NetUtil;
import java.util.Locale;

/**
 * The one parser and validator of targets, for the command line, files, configuration and the
 * Jenkins step. The rules are documented in {@code docs/targets.md}:
 *
 * <ul>
 *   <li>{@code host:port}, {@code [IPv6]:port}, {@code name=host:port}; an optional {@code tcp://}
 *       prefix (any case) is accepted and dropped;
 *   <li>with {@link Schemes}, {@code KIND://host[:port][/path][?key=value&...]}: the kind of check,
 *       its default port when none is given, a path for the kinds that take one, and the kind's
 *       options (checked by the kind, not here);
 *   <li>surrounding white space is ignored; host names are lower-cased and one trailing dot is
 *       dropped ({@code DB.Internal.} is {@code db.internal}); IPv6 literals are lower-cased;
 *   <li>a host made of numbers and dots must be a dotted-quad IPv4 address with no leading zeros.
 * </ul>
 *
 * Every error message starts with the quoted input and says what is wrong and what is allowed.
 */
public final class TargetParser {

    public static final int MIN_PORT = 1;
    public static final int MAX_PORT = 65535;
    static final int MAX_NAME_LENGTH = 100;
    private static final int MAX_HOST_LENGTH = 253;
    private static final int MAX_LABEL_LENGTH = 63;
    private static final java.util.regex.Pattern HEX_LABEL = java.util.regex.Pattern.compile("0x[0-9a-f]*");
    private static final String EXAMPLE = "for example db.internal:5432";
    private static final String IPV6_EXAMPLE = "for example [2001:db8::1]:5432";

    private TargetParser() {
    }

    /** Parses a required target. */
    public static Target parse(String text) {
        return parse(text, true);
    }

    /** Parses {@code [name=][tcp://]host:port} or {@code [name=][tcp://][ipv6]:port}. */
    public static Target parse(String text, boolean required) {
        return parse(text, required, Schemes.TCP_ONLY).target();
    }

    /** A parsed target and the options its text gave ({@code path}, and the query's keys), in order. */
    public record Parsed(Target target, java.util.Map<String, String> options) {
        public Parsed {
            options = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(options));
        }
    }

    /** Parses {@code [name=][KIND://]host[:port][/path][?key=value&...]} for the given schemes. */
    public static Parsed parse(String text, boolean required, Schemes schemes) {
        String input = text == null ? "" : text;
        int scheme = input.indexOf("://");
        int authorityEnd = scheme < 0 ? -1 : firstOf(input, scheme + 3, '/', '?');
        int at = scheme < 0 ? -1 : input.lastIndexOf('@', authorityEnd - 1);
        if (at > scheme) {
            // A user and password in a URL: never quoted, so a password cannot reach a message or a log.
            throw new InvalidTargetException(quote(input.substring(0, scheme + 3) + "****@" + input.substring(at + 1))
                    + ": a target has no user or password (a connect check needs none); drop the \"user:password@\"");
        }
        try {
            return parseOrThrow(input, required, schemes);
        } catch (Problem problem) {
            throw new InvalidTargetException(quote(input) + ": " + problem.getMessage());
        }
    }

    /**
     * Validates the structured form (configuration, the step's map form). The error quotes the
     * target as {@code host:port} so that the user recognises it.
     */
    public static Target structured(String host, int port, String name, boolean required) {
        String rawHost = host == null ? "" : host.strip();
        String shown = rawHost.indexOf(':') >= 0 && !rawHost.startsWith("[")
                ? "[" + rawHost + "]:" + port : rawHost + ":" + port;
        try {
            String normalisedName = name == null || name.isBlank() ? null : checkName(name.strip());
            String normalisedHost;
            if (rawHost.isEmpty()) {
                throw new Problem("host must not be empty");
            } else if (rawHost.startsWith("[") && rawHost.endsWith("]")) {
                normalisedHost = checkIpv6(rawHost.substring(1, rawHost.length() - 1));
            } else if (rawHost.indexOf(':') >= 0) {
                normalisedHost = checkIpv6(rawHost);
            } else {
                normalisedHost = checkHost(rawHost);
            }
            checkPortRange(port);
            return new Target(normalisedHost, port, normalisedName, required);
        } catch (Problem problem) {
            throw new InvalidTargetException(quote(shown) + ": " + problem.getMessage());
        }
    }

    private static Parsed parseOrThrow(String input, boolean required, Schemes schemes) {
        String s = input.strip();
        if (s.isEmpty()) {
            throw new Problem("empty target; expected host:port, " + EXAMPLE);
        }
        String name = null;
        int equals = s.indexOf('=');
        int schemeStart = s.indexOf("://");
        if (equals >= 0 && (schemeStart < 0 || equals < schemeStart)) { // not an '=' in the query (?caFile=...)
            name = checkName(s.substring(0, equals).strip());
            s = s.substring(equals + 1).strip();
        }
        int scheme = s.indexOf("://");
        String kind = Target.TCP;
        int defaultPort = 0;
        java.util.Map<String, String> options = new java.util.LinkedHashMap<>();
        if (scheme >= 0) {
            String given = s.substring(0, scheme);
            kind = given.toLowerCase(Locale.ROOT);
            defaultPort = schemes.defaultPort(kind);
            if (defaultPort < 0) {
                throw new Problem(schemes == Schemes.TCP_ONLY
                        ? "scheme \"" + given + "\" is not supported; write host:port or tcp://host:port"
                        : "unknown kind \"" + given + "\"; the kinds are " + schemes.names());
            }
            s = s.substring(scheme + 3);
            int query = s.indexOf('?');
            if (query >= 0) {
                readQuery(s.substring(query + 1), options);
                s = s.substring(0, query);
            }
            int slash = s.indexOf('/');
            if (slash >= 0 && schemes.takesPath(kind)) {
                options.put("path", s.substring(slash));
                s = s.substring(0, slash);
            } else if (slash >= 0) {
                throw new Problem("unexpected path \"" + s.substring(slash) + "\" after the port; a " + kind
                        + " check has no path");
            }
        }
        if (s.isEmpty()) {
            throw new Problem("missing host and port; expected host:port, " + EXAMPLE);
        }
        String host;
        String portText;
        if (s.charAt(0) == '[') {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new Problem("missing \"]\" after the IPv6 address; " + IPV6_EXAMPLE);
            }
            host = checkIpv6(s.substring(1, close));
            String rest = s.substring(close + 1);
            if (rest.isEmpty() && defaultPort > 0) {
                return new Parsed(new Target(host, defaultPort, name, required, kind), options);
            }
            if (rest.isEmpty()) {
                throw new Problem("missing port; expected [IPv6]:port, for example [::1]:5432");
            }
            if (rest.charAt(0) != ':') {
                throw new Problem("expected \":\" and a port after \"]\", " + IPV6_EXAMPLE);
            }
            portText = rest.substring(1);
        } else {
            int colon = s.indexOf(':');
            if (colon < 0 && defaultPort > 0 && !s.isEmpty()) {
                return new Parsed(new Target(checkHost(s), defaultPort, name, required, kind), options);
            }
            if (colon < 0) {
                throw new Problem(Target.TCP.equals(kind) ? "missing port; expected host:port, " + EXAMPLE
                        : "missing port; a " + kind + " target has no default port, write " + kind + "://host:port");
            }
            if (s.indexOf(':', colon + 1) >= 0) {
                throw new Problem("more than one \":\"; write an IPv6 address in brackets, " + IPV6_EXAMPLE);
            }
            portText = s.substring(colon + 1);
            if (colon == 0) {
                throw new Problem("missing host before \":" + portText + "\"; expected host:port, " + EXAMPLE);
            }
            host = checkHost(s.substring(0, colon));
        }
        return new Parsed(new Target(host, parsePort(portText), name, required, kind), options);
    }

    private static int firstOf(String text, int from, char a, char b) {
        int end = text.length();
        for (int i = from; i < text.length(); i++) {
            if (text.charAt(i) == a || text.charAt(i) == b) {
                return i;
            }
        }
        return end;
    }

    /** {@code key=value&key=value}, percent-decoded; a key given twice or without "=" is a problem. */
    private static void readQuery(String query, java.util.Map<String, String> options) {
        for (String pair : query.split("&", -1)) {
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw new Problem("option " + quote(pair) + " has no value; write ?key=value, for example ?warnDays=30");
            }
            String key;
            String value;
            try {
                key = java.net.URLDecoder.decode(pair.substring(0, equals), java.nio.charset.StandardCharsets.UTF_8);
                value = java.net.URLDecoder.decode(pair.substring(equals + 1), java.nio.charset.StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new Problem("option " + quote(pair) + " has a bad %-escape; write %XX with two hex digits");
            }
            if (options.putIfAbsent(key, value) != null) {
                throw new Problem("option " + quote(key) + " is given twice");
            }
        }
    }

    private static int parsePort(String text) {
        if (text.isEmpty()) {
            throw new Problem("missing port after \":\"; expected a port between 1 and 65535");
        }
        int slash = text.indexOf('/');
        if (slash >= 0) {
            throw new Problem("unexpected path \"" + text.substring(slash) + "\" after the port; write host:port");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new Problem("port \"" + text + "\" is not a number; expected 1 to 65535");
            }
        }
        int port = text.length() > 5 ? Integer.MAX_VALUE : Integer.parseInt(text);
        checkPortRange(port);
        return port;
    }

    private static void checkPortRange(int port) {
        if (port < MIN_PORT || port > MAX_PORT) {
            throw new Problem("port must be between " + MIN_PORT + " and " + MAX_PORT);
        }
    }

    private static String checkName(String name) {
        if (name.isEmpty()) {
            throw new Problem("empty name before \"=\"; write name=host:port, for example orders-db=db.internal:5432");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new Problem("name is longer than " + MAX_NAME_LENGTH + " characters");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            int type = Character.getType(c);
            if (Character.isISOControl(c) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR) {
                throw new Problem("name contains an invisible or control character; use printable characters only");
            }
        }
        return name;
    }

    private static String checkIpv6(String address) {
        if (address.isEmpty()) {
            throw new Problem("empty IPv6 address in brackets; " + IPV6_EXAMPLE);
        }
        int zone = address.indexOf('%');
        if (zone >= 0) {
            // A link-local address's zone names an interface of the machine that probes; it would be
            // lost in reports and means nothing on another agent, so it is refused rather than guessed.
            throw new Problem(quote(address) + " has a zone id (" + address.substring(zone)
                    + "), which is not supported; give the address without it, or a host name");
        }
        if (!NetUtil.isValidIpV6Address(address)) {
            throw new Problem(quote(address) + " is not a valid IPv6 address; " + IPV6_EXAMPLE);
        }
        return address.toLowerCase(Locale.ROOT);
    }

    private static String checkHost(String given) {
        String host = given.length() > 1 && given.endsWith(".") ? given.substring(0, given.length() - 1) : given;
        host = host.toLowerCase(Locale.ROOT);
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
            if (!allowed) {
                String hint = c > 127 ? "; write an international name in its xn-- form" : "";
                throw new Problem("host " + quote(given) + " has an invalid character " + quote(String.valueOf(c))
                        + "; allowed: letters, digits, \"-\", \"_\" and \"." + "\"" + hint);
            }
        }
        if (host.length() > MAX_HOST_LENGTH) {
            throw new Problem("host name is longer than " + MAX_HOST_LENGTH + " characters");
        }
        String[] labels = host.split("\\.", -1);
        boolean numeric = true;
        for (String label : labels) {
            if (label.isEmpty()) {
                throw new Problem("host " + quote(given) + " has an empty label between dots; write names like db.internal");
            }
            if (label.length() > MAX_LABEL_LENGTH) {
                throw new Problem("host " + quote(given) + " has a label longer than " + MAX_LABEL_LENGTH + " characters");
            }
            if (label.startsWith("-") || label.endsWith("-")) {
                throw new Problem("host " + quote(given) + " has a label that starts or ends with \"-\"");
            }
            // Resolvers read hexadecimal parts (0x7f) as numbers too: such a host is an address or nothing.
            numeric &= label.chars().allMatch(c -> c >= '0' && c <= '9') || HEX_LABEL.matcher(label).matches();
        }
        if (numeric && !isDottedQuad(labels)) {
            throw new Problem(quote(given) + " is not a valid IPv4 address; expected four numbers 0-255 without"
                    + " leading zeros, like 127.0.0.1");
        }
        return host;
    }

    private static boolean isDottedQuad(String[] labels) {
        if (labels.length != 4) {
            return false;
        }
        for (String label : labels) {
            if (label.length() > 3 || (label.length() > 1 && label.charAt(0) == '0') || Integer.parseInt(label) > 255) {
                return false;
            }
        }
        return true;
    }

    /** Quotes text for an error message, escaping quotes, backslashes and control characters. */
    static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> {
                    if (Character.isISOControl(c)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** A parse problem without the input; the public methods prefix the quoted input. */
    private static final class Problem extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Problem(String message) {
            super(message, null, false, false);
        }
    }
}

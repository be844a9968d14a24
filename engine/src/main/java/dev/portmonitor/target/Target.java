package dev.portmonitor.target;

import java.util.Objects;

/**
 * One door to check: a host (a name or an IP literal, normalised), a port, an optional display
 * name, whether a failure of this target fails the run, and the kind of check that knocks on it
 * ({@code tcp}, {@code postgres}, {@code tls}...).
 *
 * <p>Instances come from {@link TargetParser}, which validates them; the canonical constructor only
 * guards against programming errors.
 */
public record Target(String host, int port, String name, boolean required, String kind) {

    /** The kind of a target that names none: a TCP connect. */
    public static final String TCP = "tcp";

    public Target {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(kind, "kind");
        if (host.isEmpty()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (port < TargetParser.MIN_PORT || port > TargetParser.MAX_PORT) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** A {@code tcp} target. */
    public Target(String host, int port, String name, boolean required) {
        this(host, port, name, required, TCP);
    }

    /** A required target with no display name. */
    public static Target of(String host, int port) {
        return TargetParser.structured(host, port, null, true);
    }

    /** {@code host:port}, with brackets around an IPv6 literal: the form a user would type. */
    public String hostPort() {
        return isIpv6Literal() ? "[" + host + "]:" + port : host + ":" + port;
    }

    /** The display name if one was given, otherwise {@link #hostPort()}. */
    public String label() {
        return name != null ? name : hostPort();
    }

    public boolean isIpv6Literal() {
        return host.indexOf(':') >= 0;
    }

    public Target withRequired(boolean isRequired) {
        return new Target(host, port, name, isRequired, kind);
    }

    public Target asOptional() {
        return new Target(host, port, name, false, kind);
    }

    public Target withName(String newName) {
        return new Target(host, port, newName, required, kind);
    }

    public Target withKind(String newKind) {
        return new Target(host, port, name, required, newKind);
    }

    /** {@code host:port} for {@code tcp}, {@code kind://host:port} for any other kind. */
    public String address() {
        return TCP.equals(kind) ? hostPort() : kind + "://" + hostPort();
    }

    @Override
    public String toString() {
        return name != null ? name + "=" + address() : address();
    }
}

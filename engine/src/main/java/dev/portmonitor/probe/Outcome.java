package dev.portmonitor.probe;

/**
 * What a probe found. {@link #OPEN} is healthy; {@link #SLOW} and {@link #DEGRADED} answered but
 * warn; every other outcome is a failure.
 */
public enum Outcome {
    /** The connection was established within the timeout (and under the slow threshold, if any). */
    OPEN,
    /** The connection was established, but it took longer than the slow threshold. */
    SLOW,
    /**
     * The service answered in its protocol and is healthy, with a warning: a certificate near its
     * expiry, an Elasticsearch cluster in yellow. The reason says what and until when.
     */
    DEGRADED,
    /**
     * Connected, but what answered does not speak the kind's protocol: a load balancer that accepts
     * and closes, another service on the port, a reply that is not the protocol's.
     */
    BAD_RESPONSE,
    /** The service answered in its protocol that it is not ready: starting up, too many connections, loading. */
    UNHEALTHY,
    /** The TLS handshake failed, or the certificate is expired, untrusted, for another name, or about to expire. */
    TLS_ERROR,
    /** The host answered with a reset: nothing listens on the port, or a firewall rejects it. */
    REFUSED,
    /** No answer within the timeout: a dropped SYN, a full accept queue, a silent firewall. */
    TIMEOUT,
    /** The host name did not resolve to any address (or not within the timeout). */
    UNRESOLVED,
    /** No route to the host, or the network is unreachable. */
    UNREACHABLE,
    /** Not probed: the target is outside what the administrator allows (see ConnectPolicy). */
    BLOCKED,
    /** Anything else; the result's reason says what. */
    ERROR;

    public boolean isOpen() {
        return this == OPEN;
    }

    /**
     * Whether the service answered and may be used: OPEN, SLOW or DEGRADED. The confirmation state
     * machine counts these as reachable.
     */
    public boolean isReachable() {
        return this == OPEN || this == SLOW || this == DEGRADED;
    }

    /** The lower-case word used in tables and summaries. */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

package dev.portmonitor.probe;

/** What a TCP connect probe found. Only {@link #OPEN} is a success. */
public enum Outcome {
    /** The connection was established within the timeout (and under the slow threshold, if any). */
    OPEN,
    /** The connection was established, but it took longer than the slow threshold. */
    SLOW,
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

    /** The lower-case word used in tables and summaries. */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

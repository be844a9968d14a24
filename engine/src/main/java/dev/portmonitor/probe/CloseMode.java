package dev.portmonitor.probe;

/** How a probe closes the connection it opened. */
public enum CloseMode {
    /** An orderly close (FIN). The probing side keeps the socket in TIME_WAIT for a while. */
    NORMAL,
    /** A reset (SO_LINGER 0): no TIME_WAIT is left behind; some servers log the reset. */
    RESET
}

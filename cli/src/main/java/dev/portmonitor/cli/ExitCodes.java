package dev.portmonitor.cli;

/** The exit codes of every port-monitor command; {@code --help} lists them. */
final class ExitCodes {

    /** Every required target is open. */
    static final int OK = 0;
    /** At least one required target is not open (or is slow); for test-channel, not delivered. */
    static final int NOT_OPEN = 1;
    /** Bad usage or bad input: an unknown option, a malformed target, an unreadable file. */
    static final int USAGE = 2;
    /** Port Monitor itself failed; the message says why. */
    static final int INTERNAL = 3;

    private ExitCodes() {
    }
}

package dev.portmonitor.target;

/**
 * The {@code KIND://} prefixes a target may start with, and each one's default port: the probe kinds,
 * which the target package does not know (it is below them).
 */
public interface Schemes {

    /** Only {@code tcp://}, which is the same as no prefix. */
    Schemes TCP_ONLY = new Schemes() {
        @Override
        public int defaultPort(String scheme) {
            return Target.TCP.equals(scheme) ? 0 : -1;
        }

        @Override
        public boolean takesPath(String scheme) {
            return false;
        }

        @Override
        public String names() {
            return Target.TCP;
        }
    };

    /**
     * The port a target of this scheme gets when it gives none; 0 when the scheme needs a port, -1 when
     * there is no such scheme. The scheme is lower-case.
     */
    int defaultPort(String scheme);

    /** Whether a target of this scheme may have a path after its port ({@code https://host/health}). */
    boolean takesPath(String scheme);

    /** The schemes, for messages: "tcp, postgres, ...". */
    String names();
}

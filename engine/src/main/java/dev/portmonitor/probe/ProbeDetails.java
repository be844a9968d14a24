package dev.portmonitor.probe;

import java.util.Map;

/**
 * What a probe kind learned beyond the outcome: a server's version, a certificate's expiry. Each
 * kind that has details defines a record implementing this; {@link ProbeResult#details(Class)} reads
 * it back typed.
 */
public interface ProbeDetails {

    /** The details as names and values, for JSON output and status pages; stable names. */
    Map<String, Object> asMap();
}

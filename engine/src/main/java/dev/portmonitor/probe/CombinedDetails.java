package dev.portmonitor.probe;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The details of a protocol and of the TLS it ran over, read together or each by type. */
record CombinedDetails(List<ProbeDetails> parts) implements ProbeDetails {

    CombinedDetails {
        parts = List.copyOf(parts);
    }

    /** {@code a} and {@code b} together; either may be null. */
    static ProbeDetails of(ProbeDetails a, ProbeDetails b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return new CombinedDetails(List.of(a, b));
    }

    @Override
    public Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        parts.forEach(part -> map.putAll(part.asMap()));
        return map;
    }
}

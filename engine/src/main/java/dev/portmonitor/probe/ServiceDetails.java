package dev.portmonitor.probe;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a protocol kind learned of the service (its version, its banner), as stable names and values. */
public record ServiceDetails(Map<String, Object> values) implements ProbeDetails {

    public ServiceDetails {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** Details from name and value pairs; a null value is left out. */
    public static ServiceDetails of(Object... namesAndValues) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                values.put(String.valueOf(namesAndValues[i]), namesAndValues[i + 1]);
            }
        }
        return new ServiceDetails(values);
    }

    @Override
    public Map<String, Object> asMap() {
        return values;
    }
}

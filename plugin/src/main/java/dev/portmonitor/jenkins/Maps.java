package dev.portmonitor.jenkins;

import java.util.List;
import java.util.Map;

/** Builds the configuration tree the engine's ConfigBinder reads: only what was given. */
final class Maps {

    private Maps() {
    }

    static void put(Map<String, Object> map, String key, String value) {
        if (value != null && !value.isBlank()) {
            map.put(key, value.strip());
        }
    }

    static void putList(Map<String, Object> map, String key, String text) {
        List<String> values = Lists.split(text);
        if (!values.isEmpty()) {
            map.put(key, values);
        }
    }

    /** A secret held by the Credentials plugin, as the engine reads it: {@code {credentials: ID}}. */
    static void putCredentials(Map<String, Object> map, String key, String credentialsId) {
        if (credentialsId != null && !credentialsId.isBlank()) {
            map.put(key, Map.of("credentials", credentialsId.strip()));
        }
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}

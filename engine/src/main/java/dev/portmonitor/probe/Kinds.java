package dev.portmonitor.probe;

import java.util.Locale;

/** Small readers the kinds' binders share. */
final class Kinds {

    private Kinds() {
    }

    /** {@code true} or {@code false} (any case), null when absent; anything else is reported. */
    static Boolean bool(SettingsReader reader, String key) {
        String text = reader.text(key);
        if (text == null) {
            return null;
        }
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> {
                reader.problem(key, "\"" + text + "\" is not true or false");
                yield null;
            }
        };
    }
}

package dev.portmonitor.jenkins;

import java.util.Arrays;
import java.util.List;

/** Lists written as text in forms and configuration as code: {@code "oncall, dba"}. */
final class Lists {

    private Lists() {
    }

    /** Splits on commas, spaces and new lines; blanks are dropped. */
    static List<String> split(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return Arrays.stream(text.split("[,\\s]+")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    static String join(List<String> values) {
        return values == null || values.isEmpty() ? null : String.join(", ", values);
    }
}

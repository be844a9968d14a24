package dev.portmonitor.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A check's details in a few words, for a table, a page or an alert: "server 16.4; certificate expires 2027-03-01 (89 days)". */
public final class DetailsText {

    private DetailsText() {
    }

    public static String line(Map<String, ?> details) {
        if (details == null || details.isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        Object version = details.get("serverVersion");
        if (version != null) {
            parts.add((details.containsKey("product") ? details.get("product") + " " : "server ") + version);
        }
        Object identification = details.get("identification");
        if (identification != null) {
            parts.add(String.valueOf(identification));
        }
        Object note = details.get("note");
        if (note != null) {
            parts.add(String.valueOf(note));
        }
        Object notAfter = details.get("chainNotAfter");
        Object days = details.get("certificateDaysLeft");
        if (notAfter != null && days != null) {
            parts.add("certificate expires " + String.valueOf(notAfter).substring(0, Math.min(10, String.valueOf(notAfter).length()))
                    + " (" + days + " days)");
        }
        return String.join("; ", parts);
    }
}

package dev.portmonitor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portmonitor.history.Deploy;
import dev.portmonitor.target.InvalidTargetException;
import dev.portmonitor.target.TargetParser;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The body of {@code POST /deploys} ({@code port-monitor mark-deploy}):
 * {@code {"name": "deploy-orders", "build": "412", "targets": ["db.internal:5432"], "url": "https://...", "at": "..."}};
 * only {@code name} is needed, {@code at} defaults to now. Each wrong field is named.
 */
final class DeployRequest {

    static final int MAX_NAME = 200;
    static final Duration MAX_AHEAD = Duration.ofMinutes(5);
    private static final Set<String> FIELDS = Set.of("name", "build", "targets", "url", "at");
    private static final ObjectMapper JSON = new ObjectMapper();

    private DeployRequest() {
    }

    static Deploy parse(String body, Instant now) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("the body is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("the body is unreadable: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the body must be a JSON object with at least \"name\"");
        }
        List<String> problems = new ArrayList<>();
        root.fieldNames().forEachRemaining(field -> {
            if (!FIELDS.contains(field)) {
                problems.add(field + ": unknown field; allowed: name, build, targets, url, at");
            }
        });
        String name = text(root, "name", problems);
        if (name == null && !problems.stream().anyMatch(p -> p.startsWith("name:"))) {
            problems.add("name: missing; the job or service deployed, like deploy-orders");
        } else if (name != null && (name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl))) {
            problems.add("name: at most " + MAX_NAME + " characters, without control characters");
        }
        String build = root.has("build") && root.get("build").isNumber() ? root.get("build").asText() : text(root, "build", problems);
        if (build != null && (build.length() > 64 || build.chars().anyMatch(Character::isISOControl))) {
            problems.add("build: at most 64 characters, without control characters");
        }
        List<String> targets = new ArrayList<>();
        JsonNode list = root.get("targets");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                problems.add("targets: expected a list of host:port");
            } else {
                for (int i = 0; i < list.size(); i++) {
                    try {
                        targets.add(TargetParser.parse(list.get(i).asText()).hostPort());
                    } catch (InvalidTargetException e) {
                        problems.add("targets[" + i + "]: " + e.getMessage());
                    }
                }
            }
        }
        String url = text(root, "url", problems);
        if (url != null && !(url.startsWith("https://") || url.startsWith("http://"))) {
            problems.add("url: must start with http:// or https://");
        }
        Instant at = now;
        String atText = text(root, "at", problems);
        if (atText != null) {
            try {
                at = Instant.parse(atText);
                if (at.isAfter(now.plus(MAX_AHEAD))) {
                    problems.add("at: " + atText + " is in the future");
                }
            } catch (DateTimeParseException e) {
                problems.add("at: \"" + atText + "\" is not a time like 2026-11-30T03:00:00Z");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new Deploy(name, build, at, targets, url);
    }

    private static String text(JsonNode root, String field, List<String> problems) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            problems.add(field + ": expected a string");
            return null;
        }
        String text = node.asText().strip();
        return text.isEmpty() ? null : text;
    }
}

package dev.portmonitor.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portmonitor.probe.Outcome;
import dev.portmonitor.probe.ProbeResult;
import dev.portmonitor.verify.VerifyReport;
import java.util.Map;

/**
 * The machine form of a verify report ({@code --json}); its fields are documented in
 * docs/cli.md and kept stable.
 */
final class JsonReport {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {
    }

    static String render(VerifyReport report, String transport) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("passed", report.passed());
        root.put("elapsedMs", report.elapsed().toNanos() / 1_000_000.0);
        root.put("transport", transport);
        ObjectNode summary = root.putObject("summary");
        summary.put("total", report.results().size());
        ObjectNode counts = summary.putObject("counts");
        for (Map.Entry<Outcome, Integer> entry : report.counts().entrySet()) {
            counts.put(entry.getKey().name(), entry.getValue());
        }
        summary.put("failedRequired", report.failedRequired().size());
        summary.put("failedOptional", report.failedOptional().size());
        report.slowest().ifPresentOrElse(r -> {
            ObjectNode slowest = summary.putObject("slowest");
            slowest.put("target", r.target().label());
            slowest.put("latencyMs", r.latencyMillis());
        }, () -> summary.putNull("slowest"));
        ArrayNode results = root.putArray("results");
        report.results().forEach(r -> write(results.addObject(), r));
        try {
            return MAPPER.writeValueAsString(root) + System.lineSeparator();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write the JSON report", e);
        }
    }

    private static void write(ObjectNode node, ProbeResult result) {
        node.put("target", result.target().hostPort());
        node.put("name", result.target().name());
        node.put("host", result.target().host());
        node.put("port", result.target().port());
        node.put("required", result.target().required());
        node.put("outcome", result.outcome().name());
        node.put("address", result.addressText());
        if (result.connected()) {
            node.put("latencyMs", result.latencyMillis());
            node.put("latencyMicros", result.latencyMicros());
        } else {
            node.putNull("latencyMs");
            node.putNull("latencyMicros");
        }
        node.put("kind", result.kind());
        if (result.responseMicros() >= 0) {
            node.put("responseMs", result.responseMicros() / 1000.0);
            node.put("responseMicros", result.responseMicros());
        } else {
            node.putNull("responseMs");
            node.putNull("responseMicros");
        }
        node.put("reason", result.reason());
        node.set("details", MAPPER.valueToTree(result.detailsMap()));
        node.put("startedAt", result.startedAt().toString());
    }
}

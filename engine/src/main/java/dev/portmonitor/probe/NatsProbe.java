package dev.portmonitor.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;

/**
 * The {@code nats} kind: the server speaks first ({@code INFO {json}}); the probe answers
 * {@code CONNECT} (not verbose, named {@code port-monitor}) and {@code PING}, and a ready server
 * answers {@code PONG}. The version comes from the INFO. {@code -ERR 'Authorization Violation'} is a
 * server that is alive and needs credentials; any other {@code -ERR} is not healthy. NATS has no
 * goodbye: the probe closes.
 */
final class NatsProbe extends Dialogue {

    static final ProbeKind KIND = DialogueProbe.withoutSettings("nats", 4222, NatsProbe::new);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONNECT = "CONNECT {\"verbose\":false,\"pedantic\":false,\"name\":\"port-monitor\"}\r\nPING\r\n";

    private boolean connected;
    private String version;
    private String serverName;

    @Override
    protected byte[] opening() {
        return null;
    }

    @Override
    protected String service() {
        return "NATS";
    }

    @Override
    protected Reply received(ByteBuf in) {
        while (true) {
            if (in.readableBytes() > 0 && "IP+-".indexOf(in.getByte(in.readerIndex())) < 0) {
                return Reply.badResponse("not a NATS " + (connected ? "reply" : "INFO") + ": " + preview(in, 40));
            }
            String line = readLine(in);
            if (line == null) {
                return Reply.more();
            }
            if (!connected) {
                if (!line.startsWith("INFO ")) {
                    return Reply.badResponse("not a NATS INFO: " + clip(line));
                }
                try {
                    JsonNode info = JSON.readTree(line.substring(5));
                    version = info.path("version").isTextual() ? clip(info.path("version").asText()) : null;
                    serverName = info.path("server_name").isTextual() ? clip(info.path("server_name").asText()) : null;
                } catch (java.io.IOException e) {
                    return Reply.badResponse("a NATS INFO whose JSON does not parse: " + clip(line));
                }
                connected = true;
                return Reply.send(CONNECT);
            }
            if (line.equals("PONG")) {
                return Reply.healthy(ServiceDetails.of("serverVersion", version, "serverName", serverName), null);
            }
            if (line.equals("+OK")) {
                continue;
            }
            if (line.equals("PING")) {
                return Reply.send("PONG\r\n");
            }
            if (line.startsWith("-ERR")) {
                String error = line.substring(4).strip();
                if (error.toLowerCase(java.util.Locale.ROOT).contains("authorization violation")
                        || error.toLowerCase(java.util.Locale.ROOT).contains("authentication")) {
                    return Reply.healthy(ServiceDetails.of("serverVersion", version,
                            "note", "alive; needs credentials (" + clip(error) + ")"), null);
                }
                return Reply.unhealthy("NATS " + clip(error), ServiceDetails.of("serverVersion", version), null);
            }
            if (line.startsWith("INFO ")) {
                continue; // an updated INFO (cluster topology)
            }
            return Reply.badResponse("NATS answered PING with \"" + clip(line) + "\"");
        }
    }
}

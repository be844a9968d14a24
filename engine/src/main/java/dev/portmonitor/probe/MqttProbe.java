package dev.portmonitor.probe;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The {@code mqtt} kind (MQTT 3.1.1: Mosquitto, EMQX, HiveMQ, VerneMQ): a CONNECT with a clean
 * session and a client id of its own ({@code port-monitor-<random>}), answered by CONNACK. Return
 * code 0 is healthy (and DISCONNECT is sent); 4 (bad user name or password) and 5 (not authorized)
 * are a broker that is alive and needs credentials; 1, 2 and 3 (server unavailable) are not healthy.
 */
final class MqttProbe extends Dialogue {

    static final ProbeKind KIND = DialogueProbe.withoutSettings("mqtt", 1883, MqttProbe::new);

    private static final byte[] DISCONNECT = {(byte) 0xE0, 0x00};

    @Override
    protected byte[] opening() {
        byte[] clientId = ("port-monitor-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16))
                .getBytes(StandardCharsets.US_ASCII);
        int remaining = 10 + 2 + clientId.length;
        byte[] packet = new byte[2 + remaining];
        int i = 0;
        packet[i++] = 0x10;
        packet[i++] = (byte) remaining; // under 128: one byte
        packet[i++] = 0;
        packet[i++] = 4;
        for (byte b : "MQTT".getBytes(StandardCharsets.US_ASCII)) {
            packet[i++] = b;
        }
        packet[i++] = 4;    // protocol level 3.1.1
        packet[i++] = 0x02; // clean session
        packet[i++] = 0;
        packet[i++] = 10;   // keep alive, seconds
        packet[i++] = (byte) (clientId.length >> 8);
        packet[i++] = (byte) clientId.length;
        System.arraycopy(clientId, 0, packet, i, clientId.length);
        return packet;
    }

    @Override
    protected String service() {
        return "MQTT";
    }

    @Override
    protected Reply received(ByteBuf in) {
        int start = in.readerIndex();
        if (in.readableBytes() >= 1 && in.getUnsignedByte(start) != 0x20) {
            return Reply.badResponse("not an MQTT CONNACK: " + preview(in, 40));
        }
        if (in.readableBytes() < 4) {
            return Reply.more();
        }
        if (in.getUnsignedByte(start + 1) != 2) {
            return Reply.badResponse("an MQTT CONNACK of " + in.getUnsignedByte(start + 1) + " bytes, not 2 (an MQTT 5 broker?)");
        }
        int returnCode = in.getUnsignedByte(start + 3);
        in.skipBytes(4);
        return switch (returnCode) {
            case 0 -> Reply.healthy(ServiceDetails.of("returnCode", 0, "protocol", "MQTT 3.1.1"), DISCONNECT);
            case 4 -> Reply.healthy(ServiceDetails.of("returnCode", 4,
                    "note", "alive; needs credentials (CONNACK 4: bad user name or password)"), null);
            case 5 -> Reply.healthy(ServiceDetails.of("returnCode", 5,
                    "note", "alive; needs credentials (CONNACK 5: not authorized)"), null);
            case 1 -> Reply.unhealthy("MQTT CONNACK 1: the broker refuses protocol level 4 (MQTT 3.1.1)",
                    ServiceDetails.of("returnCode", 1), null);
            case 2 -> Reply.unhealthy("MQTT CONNACK 2: the broker rejected the client identifier",
                    ServiceDetails.of("returnCode", 2), null);
            case 3 -> Reply.unhealthy("MQTT CONNACK 3: server unavailable (the broker is up but the MQTT service is not)",
                    ServiceDetails.of("returnCode", 3), null);
            default -> Reply.badResponse("an MQTT CONNACK with return code " + returnCode + ", which MQTT 3.1.1 does not define");
        };
    }
}

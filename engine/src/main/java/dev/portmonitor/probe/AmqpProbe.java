package dev.portmonitor.probe;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * The {@code amqp} kind (AMQP 0-9-1: RabbitMQ, Qpid, LavinMQ): the protocol header, answered by a
 * Connection.Start method frame whose server properties name the product and its version. A server
 * of another AMQP version answers with its own protocol header instead and closes.
 *
 * <p>AMQP defines no goodbye before Connection.Start-Ok: the probe closes after Connection.Start.
 * RabbitMQ logs that (docs/checks.md).
 */
final class AmqpProbe extends Dialogue {

    static final ProbeKind KIND = DialogueProbe.withoutSettings("amqp", 5672, AmqpProbe::new);

    private static final byte[] HEADER = {'A', 'M', 'Q', 'P', 0, 0, 9, 1};
    private static final int FRAME_END = 0xCE;

    @Override
    protected byte[] opening() {
        return HEADER.clone();
    }

    @Override
    protected String service() {
        return "AMQP";
    }

    @Override
    protected Reply received(ByteBuf in) {
        int start = in.readerIndex();
        if (in.readableBytes() >= 1 && in.getByte(start) == 'A') {
            if (in.readableBytes() < 8) {
                return Reply.more();
            }
            if (in.getByte(start + 1) == 'M' && in.getByte(start + 2) == 'Q' && in.getByte(start + 3) == 'P') {
                int id = in.getUnsignedByte(start + 4);
                String version = in.getUnsignedByte(start + 5) + "." + in.getUnsignedByte(start + 6) + "."
                        + in.getUnsignedByte(start + 7);
                return Reply.badResponse("the server speaks AMQP " + version + (id == 0 ? "" : " (protocol id " + id + ")")
                        + ", not 0-9-1");
            }
            return Reply.badResponse("not an AMQP answer: " + preview(in, 40));
        }
        if (in.readableBytes() < 7) {
            return in.readableBytes() > 0 && in.getByte(start) != 1 ? Reply.badResponse("not an AMQP answer: " + preview(in, 40))
                    : Reply.more();
        }
        int type = in.getUnsignedByte(start);
        int channel = in.getUnsignedShort(start + 1);
        long size = in.getUnsignedInt(start + 3);
        if (type != 1) {
            return Reply.badResponse("not an AMQP answer: " + preview(in, 40));
        }
        if (channel != 0 || size < 4 || size > Conversation.READ_LIMIT) {
            return Reply.badResponse("not an AMQP method frame: " + preview(in, 40));
        }
        if (in.readableBytes() < 7 + size + 1) {
            return Reply.more();
        }
        if (in.getUnsignedByte(start + 7 + (int) size) != FRAME_END) {
            return Reply.badResponse("an AMQP frame without its frame-end octet");
        }
        ByteBuf payload = in.slice(start + 7, (int) size);
        in.readerIndex(start + 8 + (int) size);
        int classId = payload.readUnsignedShort();
        int methodId = payload.readUnsignedShort();
        if (classId != 10 || methodId != 10) {
            return Reply.badResponse("AMQP answered the protocol header with method " + classId + "." + methodId
                    + ", not Connection.Start (10.10)");
        }
        int major = payload.readUnsignedByte();
        int minor = payload.readUnsignedByte();
        long tableSize = payload.readUnsignedInt();
        ByteBuf table = payload.readSlice((int) tableSize);
        String product = null;
        String version = null;
        while (table.isReadable()) {
            int keyLength = table.readUnsignedByte();
            String key = table.readCharSequence(keyLength, StandardCharsets.UTF_8).toString();
            Object value = value(table);
            if (key.equals("product") && value instanceof String text) {
                product = clip(text);
            } else if (key.equals("version") && value instanceof String text) {
                version = clip(text);
            }
        }
        return Reply.healthy(ServiceDetails.of("product", product, "serverVersion", version,
                "protocol", major + "-" + minor), null);
    }

    /** One field value, consumed: a long string as text, anything else skipped (null). */
    private static Object value(ByteBuf table) {
        byte type = table.readByte();
        switch (type) {
            case 'S' -> {
                long length = table.readUnsignedInt();
                return table.readCharSequence((int) length, StandardCharsets.UTF_8).toString();
            }
            case 'x', 'A', 'F' -> table.skipBytes((int) table.readUnsignedInt());
            case 't', 'b', 'B' -> table.skipBytes(1);
            case 's', 'u' -> table.skipBytes(2);
            case 'I', 'i', 'f' -> table.skipBytes(4);
            case 'l', 'd', 'T' -> table.skipBytes(8);
            case 'D' -> table.skipBytes(5);
            case 'V' -> { }
            default -> throw new IllegalArgumentException("field type " + (char) type);
        }
        return null;
    }
}

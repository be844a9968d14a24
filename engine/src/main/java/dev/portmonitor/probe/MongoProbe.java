package dev.portmonitor.probe;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.concurrent.ThreadLocalRandom;
import org.bson.BsonBinaryWriter;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.codecs.EncoderContext;
import org.bson.io.BasicOutputBuffer;

/**
 * The {@code mongodb} kind: the handshake every MongoDB driver opens a connection with, and nothing
 * more. An OP_MSG (opcode 2013) whose body is {@code {hello: 1, client: {...}, $db: "admin"}}: no
 * credentials, no {@code speculativeAuthenticate}, no {@code saslSupportedMechs}, no compression.
 * The client metadata names the check ({@code application.name: port-monitor}) with the
 * {@code driver} and {@code os.type} fields the handshake specification requires, so that the
 * server's "client metadata" log line says who connected. The reply must be an OP_MSG answering
 * this request ({@code responseTo}), whose body document says {@code ok: 1}: healthy, with the
 * server's role (primary, secondary, mongos, standalone...), {@code maxWireVersion},
 * {@code isWritablePrimary}, {@code secondary}, {@code setName} and {@code msg} in the details;
 * {@code ok: 0} is UNHEALTHY with the server's code and errmsg; anything else is BAD_RESPONSE.
 *
 * <p>{@code hello} exists from MongoDB 4.4.2 (and 5.0); an older server answers CommandNotFound
 * (59), and the check then asks the legacy {@code isMaster} on the same connection. OP_MSG itself
 * needs MongoDB 3.6: an older server does not answer it (it closes the connection, BAD_RESPONSE);
 * the legacy OP_QUERY handshake is not sent, as 3.6 and older have been out of support since 2021.
 *
 * <p>BSON through {@code org.mongodb:bson} (MongoDB's own library, about 520 KB, Apache 2.0, no
 * required dependency): a hello reply carries ObjectIds, timestamps, dates, arrays and nested
 * documents that a reader has to step over exactly, with their lengths checked against the
 * bytes that arrived; the library's {@link RawBsonDocument} finds the top-level fields read here
 * and skips every other value by its size, and its encoder writes the request. A hand-written
 * reader would have to get every BSON type right for the same result; the jar is small beside
 * the engine's others (Camel, Hazelcast).
 *
 * <p>Goodbye: MongoDB has none (a driver just closes); the check closes after the reply.
 */
final class MongoProbe extends Dialogue {

    static final ProbeKind KIND = DialogueProbe.withoutSettings("mongodb", 27017, MongoProbe::new);

    static final int OP_MSG = 2013;
    private static final int OP_REPLY = 1;
    private static final int OP_COMPRESSED = 2012;
    private static final int COMMAND_NOT_FOUND = 59;
    /** Header (16), flag bits (4), a section kind (1) and the smallest document (5). */
    private static final int SMALLEST = 26;

    private int requestId;
    private boolean legacy;

    @Override
    protected String service() {
        return "MongoDB";
    }

    @Override
    protected byte[] opening() {
        String version = MongoProbe.class.getPackage().getImplementationVersion();
        BsonDocument client = new BsonDocument("application", new BsonDocument("name", new BsonString("port-monitor")))
                .append("driver", new BsonDocument("name", new BsonString("port-monitor"))
                        .append("version", new BsonString(version == null ? "unknown" : version)))
                .append("os", new BsonDocument("type", new BsonString(System.getProperty("os.name", "unknown"))));
        return message(new BsonDocument("hello", new BsonInt32(1)).append("client", client)
                .append("$db", new BsonString("admin")));
    }

    /** An OP_MSG with one body section; a new request id each time. */
    private byte[] message(BsonDocument command) {
        requestId = ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE);
        byte[] body = bson(command);
        ByteBuf out = Unpooled.buffer(21 + body.length);
        out.writeIntLE(21 + body.length).writeIntLE(requestId).writeIntLE(0).writeIntLE(OP_MSG);
        out.writeIntLE(0); // flag bits: no checksum, no moreToCome, no exhaustAllowed
        out.writeByte(0); // section kind 0: the body
        out.writeBytes(body);
        return ByteBufUtil.getBytes(out);
    }

    static byte[] bson(BsonDocument document) {
        BasicOutputBuffer buffer = new BasicOutputBuffer();
        try (BsonBinaryWriter writer = new BsonBinaryWriter(buffer)) {
            new BsonDocumentCodec().encode(writer, document, EncoderContext.builder().build());
        }
        return buffer.toByteArray();
    }

    @Override
    protected Reply received(ByteBuf in) {
        if (in.readableBytes() < 4) {
            return Reply.more();
        }
        int start = in.readerIndex();
        int length = in.getIntLE(start);
        if (length < SMALLEST || length > Conversation.READ_LIMIT) {
            return Reply.badResponse("not a MongoDB reply: " + preview(in, 40));
        }
        if (in.readableBytes() < length) {
            return Reply.more();
        }
        ByteBuf message = in.slice(start, length);
        in.skipBytes(length);
        int responseTo = message.getIntLE(8);
        int opCode = message.getIntLE(12);
        if (opCode == OP_REPLY || opCode == OP_COMPRESSED) {
            return Reply.badResponse("a MongoDB " + (opCode == OP_REPLY ? "OP_REPLY" : "OP_COMPRESSED")
                    + " where OP_MSG was asked for");
        }
        if (opCode != OP_MSG) {
            return Reply.badResponse("not a MongoDB reply (opcode " + opCode + "): " + preview(message, 40));
        }
        if (responseTo != requestId) {
            return Reply.badResponse("a MongoDB reply to another request (responseTo " + responseTo + ", the check's request "
                    + requestId + ")");
        }
        int flags = message.getIntLE(16);
        int end = length - ((flags & 1) != 0 ? 4 : 0); // a CRC-32C ends the message when checksumPresent
        byte[] body = null;
        int at = 20;
        while (at < end) {
            int kind = message.getUnsignedByte(at);
            int size = at + 5 <= end ? message.getIntLE(at + 1) : -1;
            if ((kind != 0 && kind != 1) || size < 5 || at + 1 + size > end) {
                return Reply.badResponse("a MongoDB OP_MSG with a malformed section at byte " + at);
            }
            if (kind == 0) {
                body = ByteBufUtil.getBytes(message, at + 1, size);
            }
            at += 1 + size;
        }
        if (body == null) {
            return Reply.badResponse("a MongoDB OP_MSG without a body section");
        }
        try {
            return judge(new RawBsonDocument(body));
        } catch (RuntimeException e) {
            return Reply.badResponse("a MongoDB reply whose document cannot be read (" + clip(String.valueOf(e.getMessage())) + ")");
        }
    }

    private Reply judge(RawBsonDocument reply) {
        BsonValue ok = reply.get("ok");
        Double okValue = ok == null ? null : ok.isNumber() ? Double.valueOf(ok.asNumber().doubleValue())
                : ok.isBoolean() ? Double.valueOf(ok.asBoolean().getValue() ? 1 : 0) : null;
        if (okValue == null) {
            return Reply.badResponse("a MongoDB reply without ok");
        }
        if (okValue != 1.0) {
            Integer code = number(reply.get("code"));
            if (code != null && code == COMMAND_NOT_FOUND && !legacy) {
                legacy = true; // older than 4.4.2: no hello; isMaster is the same handshake
                return Reply.send(message(new BsonDocument("isMaster", new BsonInt32(1)).append("$db", new BsonString("admin"))));
            }
            String codeName = text(reply.get("codeName"));
            String errmsg = text(reply.get("errmsg"));
            String reason = "MongoDB " + (legacy ? "isMaster" : "hello") + " failed: " + (code == null ? "" : "error " + code
                    + (codeName == null ? "" : " (" + codeName + ")") + ": ") + (errmsg == null ? "no errmsg" : clip(errmsg));
            return Reply.unhealthy(reason, ServiceDetails.of("code", code, "codeName", codeName), null);
        }
        Boolean writable = bool(reply.get(legacy ? "ismaster" : "isWritablePrimary"));
        if (writable == null) {
            writable = bool(reply.get(legacy ? "isWritablePrimary" : "ismaster"));
        }
        Boolean secondary = bool(reply.get("secondary"));
        String setName = text(reply.get("setName"));
        String msg = text(reply.get("msg"));
        Integer maxWireVersion = number(reply.get("maxWireVersion"));
        String role;
        if ("isdbgrid".equals(msg)) {
            role = "mongos";
        } else if (setName != null && Boolean.TRUE.equals(writable)) {
            role = "primary";
        } else if (setName != null && Boolean.TRUE.equals(secondary)) {
            role = "secondary";
        } else if (setName != null && Boolean.TRUE.equals(bool(reply.get("arbiterOnly")))) {
            role = "arbiter";
        } else if (setName != null || Boolean.TRUE.equals(bool(reply.get("isreplicaset")))) {
            role = "member"; // of a replica set, neither primary nor secondary: starting up, recovering, removed
        } else {
            role = "standalone";
        }
        String note = "MongoDB " + (role.equals("member") ? "replica set member" : role) + (setName == null ? "" : " of " + clip(setName))
                + (role.equals("member") ? " that is neither primary nor secondary (starting up, recovering or removed)" : "")
                + (maxWireVersion == null ? "" : ", wire version " + maxWireVersion)
                + (legacy ? "; isMaster (a server older than 4.4.2)" : "");
        return Reply.healthy(ServiceDetails.of("role", role, "maxWireVersion", maxWireVersion,
                "isWritablePrimary", writable, "secondary", secondary, "setName", setName == null ? null : clip(setName),
                "msg", msg == null ? null : clip(msg), "command", legacy ? "isMaster" : "hello", "note", note), null);
    }

    private static Integer number(BsonValue value) {
        return value != null && value.isNumber() ? Integer.valueOf(value.asNumber().intValue()) : null;
    }

    private static Boolean bool(BsonValue value) {
        return value != null && value.isBoolean() ? Boolean.valueOf(value.asBoolean().getValue()) : null;
    }

    private static String text(BsonValue value) {
        return value != null && value.isString() ? value.asString().getValue() : null;
    }

    @Override
    protected Reply closed(long received) {
        return received == 0 ? Reply.badResponse("the server closed the connection without answering hello (a MongoDB"
                + " older than 3.6, which has no OP_MSG, or not MongoDB)") : super.closed(received);
    }
}

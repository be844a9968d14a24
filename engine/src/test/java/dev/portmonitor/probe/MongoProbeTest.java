package dev.portmonitor.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.portmonitor.testing.FakeServer;
import dev.portmonitor.testing.KindChecks;
import dev.portmonitor.testing.LoopbackServers;
import dev.portmonitor.verify.Check;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.function.Function;
import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.BsonTimestamp;
import org.bson.RawBsonDocument;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code mongodb} kind against wire-format fakes, all of them (faked: no MongoDB server can run
 * on this machine). Each fake reads the real OP_MSG the check sends, and the test checks that it is
 * well-formed (opcode 2013, no flags, one body section, {@code hello: 1} first, {@code $db: admin},
 * client metadata, no authentication); the fakes answer with replies in the format MongoDB 7
 * sends (the fields of {@code db.hello()} on a replica set primary, a secondary, a mongos, a
 * standalone), errors ({@code ok: 0} with code 13 and 11600; CommandNotFound from a server older
 * than 4.4.2, then {@code isMaster}), and what is not MongoDB: HTTP, another request's reply, an
 * OP_REPLY, a reply without ok or with a broken document, a close without a word. A reply with a
 * value nested 6,000 deep before its {@code ok} is read.
 */
class MongoProbeTest {

    @RegisterExtension
    static final KindChecks checks = new KindChecks();

    @Test
    void shouldSendHelloOnAdminWithoutCredentialsAndFindAPrimary() throws IOException {
        try (FakeServer fake = FakeServer.start(null, answering(MongoProbeTest::primary))) {
            ProbeResult result = checks.check("mongodb://127.0.0.1:" + fake.port());

            assertThat(result.outcome()).as(String.valueOf(result.reason())).isEqualTo(Outcome.OPEN);
            assertThat(result.kind()).isEqualTo("mongodb");
            assertThat(result.detailsMap()).containsEntry("role", "primary").containsEntry("setName", "rs0")
                    .containsEntry("maxWireVersion", 21).containsEntry("isWritablePrimary", true)
                    .containsEntry("secondary", false).containsEntry("command", "hello")
                    .containsEntry("note", "MongoDB primary of rs0, wire version 21");

            await().atMost(Duration.ofSeconds(5)).until(() -> !fake.received().isEmpty() && !fake.received().get(0).isEmpty());
            byte[] sent = fake.received().get(0).getBytes(StandardCharsets.ISO_8859_1);
            ByteBuffer header = ByteBuffer.wrap(sent).order(ByteOrder.LITTLE_ENDIAN);
            assertThat(header.getInt(0)).as("messageLength").isEqualTo(sent.length);
            assertThat(header.getInt(8)).as("responseTo").isZero();
            assertThat(header.getInt(12)).as("opCode").isEqualTo(2013);
            assertThat(header.getInt(16)).as("flagBits").isZero();
            assertThat(sent[20]).as("section kind").isZero();
            RawBsonDocument hello = new RawBsonDocument(Arrays.copyOfRange(sent, 21, sent.length));
            assertThat(hello.getFirstKey()).isEqualTo("hello");
            assertThat(hello.getInt32("hello").getValue()).isEqualTo(1);
            assertThat(hello.getString("$db").getValue()).isEqualTo("admin");
            BsonDocument client = hello.getDocument("client");
            assertThat(client.getDocument("application").getString("name").getValue()).isEqualTo("port-monitor");
            assertThat(client.getDocument("driver").getString("name").getValue()).isEqualTo("port-monitor");
            assertThat(client.getDocument("driver").containsKey("version")).isTrue();
            assertThat(client.getDocument("os").getString("type").getValue()).isNotBlank();
            assertThat(hello.keySet()).containsExactly("hello", "client", "$db"); // no speculativeAuthenticate, no saslSupportedMechs
            assertThat(bsonLength(sent, 21)).as("the body document fills the message").isEqualTo(sent.length - 21);
        }
    }

    @Test
    void shouldFindASecondary() throws IOException {
        try (FakeServer fake = FakeServer.start(null, answering(request -> primary(request)
                .append("isWritablePrimary", BsonBoolean.FALSE).append("secondary", BsonBoolean.TRUE)))) {
            ProbeResult result = checks.check("mongodb://127.0.0.1:" + fake.port());

            assertThat(result.outcome()).isEqualTo(Outcome.OPEN);
            assertThat(result.detailsMap()).containsEntry("role", "secondary").containsEntry("isWritablePrimary", false)
                    .containsEntry("secondary", true).containsEntry("note", "MongoDB secondary of rs0, wire version 21");
        }
    }

    @Test
    void shouldSayAMemberThatIsNeitherPrimaryNorSecondary() throws IOException {
        try (FakeServer fake = FakeServer.start(null, answering(request -> primary(request)
                .append("isWritablePrimary", BsonBoolean.FALSE).append("secondary", BsonBoolean.FALSE)))) {
            ProbeResult result = checks.check("mongodb://127.0.0.1:" + fake.port());

            assertThat(result.outcome()).isEqualTo(Outcome.OPEN);
            assertThat(result.detailsMap()).containsEntry("role", "member").containsEntry("note", "MongoDB replica set member"
                    + " of rs0 that is neither primary nor secondary (starting up, recovering or removed), wire version 21");
        }
    }

    @Test
    void shouldFindAMongosByItsMsg() throws IOException {
        try (FakeServer fake = FakeServer.start(null, answering(request -> new BsonDocument("isWritablePrimary", BsonBoolean.TRUE)
                .append("msg", new BsonString("isdbgrid"))
                .append("topologyVersion", topologyVersion())
                .append("maxBsonObjectSize", new BsonInt32(16777216))
                .append("maxMessageSizeBytes", new BsonInt32(48000000))
                .append("maxWriteBatchSize", new BsonInt32(100000))
                .append("localTime", new BsonDateTime(System.currentTimeMillis()))
                .append("logicalSessionTimeoutMinutes", new BsonInt32(30))
                .append("connectionId", new BsonInt32(4012))
                .append("maxWireVersion", new BsonInt32(21)).append("minWireVersion", new BsonInt32(0))
                .append("ok", new BsonDouble(1))))) {
            ProbeResult result = checks.check("mongodb://127.0.0.1:" + fake.port());

            assertThat(result.outcome()).isEqualTo(Outcome.OPEN);
            assertThat(result.detailsMap()).containsEntry("role", "mongos").containsEntry("msg", "isdbgrid")
                    .doesNotContainKey("setName");
        }
    }

    @Test
    void shouldFindAStandalone() throws IOException {
        try (FakeServer fake = FakeServer.start(null, answering(request -> new BsonDocument("isWritablePrimary", BsonBoolean.TRUE)
                .append("topologyVersion", topologyVersion())
                .append("maxWireVersion", new BsonInt32(17)).append("minWireVersion", new BsonInt32(0))
                .append("readOnly", BsonBoolean.FALSE).append("ok", new BsonDouble(1))))) {
            ProbeResult result = checks.check("mongodb://127.0.0.1:" + fake.port());

            assertThat(result.outcome()).isEqualTo(Outcome.OPEN);
            assertThat(result.detailsMap()).containsEntry("role", "standalone").containsEntry("maxWireVersion", 17)
                    .containsEntry("note", "MongoDB standalone, wire version 17");
        }
    }

    @Test
    void shouldCallAnErrorReplyUnhealthyWithItsCodeAndMessage() throws IOException {
        try (FakeServer shutdown = FakeServer.start(null, answering(request -> error(11600, "InterruptedAtShutdown",
                "interrupted at shutdown")));
             FakeServer unauthorized = FakeServer.start(null, answering(request -> error(13, "Unauthorized",
                "command hello requires authentication")))) {
            ProbeResult stopping = checks.check("mongodb://127.0.0.1:" + shutdown.port());
            ProbeResult refusing = checks.check("mongodb://127.0.0.1:" + unauthorized.port());

            assertThat(stopping.outcome()).isEqualTo(Outcome.UNHEALTHY);
            assertThat(stopping.reason()).isEqualTo("MongoDB hello failed: error 11600 (InterruptedAtShutdown): interrupted at shutdown");
            assertThat(stopping.detailsMap()).containsEntry("code", 11600).containsEntry("codeName", "InterruptedAtShutdown");
            assertThat(refusing.outcome()).isEqualTo(Outcome.UNHEALTHY);
            assertThat(refusing.reason()).isEqualTo("MongoDB hello failed: error 13 (Unauthorized): command hello requires authentication");
            assertThat(unauthorized.received()).hasSize(1); // one request, no retry, no authentication
        }
    }

    @Test
    void shouldAskIsMasterOfAServerOlderThanHello() throws IOException {
        List<String> commands = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (FakeServer fake = FakeServer.start(null, answering(request -> {
            commands.add(request.getFirstKey());
            if (request.containsKey("hello")) {
                return error(59, "CommandNotFound", "no such command: 'hello'");
            }
            return new BsonDocument("ismaster", BsonBoolean.TRUE).append("maxWireVersion", new BsonInt32(8))
                    .append("minWireVersion", new BsonInt32(0)).append("ok", new BsonDouble(1));
        }))) {
            ProbeResult result = checks.check("mongodb://127.0.0.1:" + fake.port());

            assertThat(result.outcome()).as(String.valueOf(result.reason())).isEqualTo(Outcome.OPEN);
            assertThat(result.detailsMap()).containsEntry("command", "isMaster").containsEntry("isWritablePrimary", true)
                    .containsEntry("note", "MongoDB standalone, wire version 8; isMaster (a server older than 4.4.2)");
            assertThat(commands).containsExactly("hello", "isMaster");
        }
    }

    @Test
    void shouldTellAnotherServiceOnThePort() throws IOException {
        try (FakeServer fake = FakeServer.replyAndClose("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII))) {
            ProbeResult result = checks.check("mongodb://127.0.0.1:" + fake.port());

            assertThat(result.outcome()).isEqualTo(Outcome.BAD_RESPONSE);
            assertThat(result.reason()).isEqualTo("not a MongoDB reply: HTTP/1.1 400 Bad Request\\r\\n\\r\\n");
        }
    }

    @Test
    void shouldTellAServerThatAcceptsAndCloses() throws IOException {
        try (LoopbackServers servers = new LoopbackServers()) {
            ProbeResult result = checks.check("mongodb://127.0.0.1:" + servers.acceptThenClose());

            assertThat(result.outcome()).isEqualTo(Outcome.BAD_RESPONSE);
            assertThat(result.reason()).isEqualTo("the server closed the connection without answering hello (a MongoDB older"
                    + " than 3.6, which has no OP_MSG, or not MongoDB)");
        }
    }

    @Test
    void shouldTellAReplyToAnotherRequest() throws IOException {
        try (FakeServer fake = FakeServer.start(null, request -> opMsg(requestId(request) + 1, bson(primary(null))))) {
            ProbeResult result = checks.check("mongodb://127.0.0.1:" + fake.port());

            assertThat(result.outcome()).isEqualTo(Outcome.BAD_RESPONSE);
            assertThat(result.reason()).startsWith("a MongoDB reply to another request (responseTo ");
        }
    }

    @Test
    void shouldTellAnOpReply() throws IOException {
        try (FakeServer fake = FakeServer.start(null, request -> {
            byte[] body = bson(primary(null));
            ByteBuffer out = ByteBuffer.allocate(36 + body.length).order(ByteOrder.LITTLE_ENDIAN);
            out.putInt(36 + body.length).putInt(7).putInt(requestId(request)).putInt(1); // OP_REPLY
            out.putInt(0).putLong(0).putInt(0).putInt(1).put(body);
            return out.array();
        })) {
            ProbeResult result = checks.check("mongodb://127.0.0.1:" + fake.port());

            assertThat(result.outcome()).isEqualTo(Outcome.BAD_RESPONSE);
            assertThat(result.reason()).isEqualTo("a MongoDB OP_REPLY where OP_MSG was asked for");
        }
    }

    @Test
    void shouldTellAReplyWithoutOkOrWithABrokenDocument() throws IOException {
        try (FakeServer noOk = FakeServer.start(null, answering(request -> new BsonDocument("isWritablePrimary", BsonBoolean.TRUE)));
             FakeServer broken = FakeServer.start(null, request -> {
                 byte[] body = bson(primary(null));
                 body[body.length - 1] = 7; // no terminating NUL
                 return opMsg(requestId(request), body);
             })) {
            ProbeResult missing = checks.check("mongodb://127.0.0.1:" + noOk.port());
            ProbeResult unreadable = checks.check("mongodb://127.0.0.1:" + broken.port());

            assertThat(missing.outcome()).isEqualTo(Outcome.BAD_RESPONSE);
            assertThat(missing.reason()).isEqualTo("a MongoDB reply without ok");
            assertThat(unreadable.outcome()).isEqualTo(Outcome.BAD_RESPONSE);
            assertThat(unreadable.reason()).startsWith("a MongoDB reply whose document cannot be read (");
        }
    }

    @Test
    void shouldReadADeeplyNestedReply() throws IOException {
        // {deep: {a: {a: ... 6,000 levels ... }}, ok: 1.0}, about 48 KB: skipped by its size to find ok.
        byte[] nested = {5, 0, 0, 0, 0};
        for (int level = 0; level < 6_000; level++) {
            nested = document(element((byte) 3, "a", nested));
        }
        byte[] reply = document(element((byte) 3, "deep", nested), element((byte) 1, "ok",
                ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(1).array()));
        try (FakeServer fake = FakeServer.start(null, request -> opMsg(requestId(request), reply))) {
            ProbeResult result = checks.check("mongodb://127.0.0.1:" + fake.port());

            assertThat(result.outcome()).as(String.valueOf(result.reason())).isEqualTo(Outcome.OPEN);
            assertThat(result.detailsMap()).containsEntry("role", "standalone");
        }
    }

    @Test
    void shouldUseTheDefaultPortAndTakeNoOptions() {
        assertThat(ProbeKinds.named("mongodb").orElseThrow().defaultPort()).isEqualTo(27017);
        assertThatThrownBy(() -> Check.parse("mongodb://db.test?user=admin", true))
                .hasMessage("\"mongodb://db.test:27017\": a mongodb check has no option \"user\"");
    }

    // --- wire format for the fakes ---

    /** Answers each OP_MSG request with {@code body(command)} as an OP_MSG reply to it; garbage gets nothing. */
    private static Function<byte[], byte[]> answering(Function<BsonDocument, BsonDocument> body) {
        return request -> {
            ByteBuffer in = ByteBuffer.wrap(request).order(ByteOrder.LITTLE_ENDIAN);
            if (request.length < 26 || in.getInt(0) != request.length || in.getInt(12) != 2013 || request[20] != 0) {
                return null; // not a whole OP_MSG with a body first: a real server would close; the check times out
            }
            BsonDocument command = new RawBsonDocument(Arrays.copyOfRange(request, 21, request.length));
            return opMsg(in.getInt(4), bson(body.apply(command)));
        };
    }

    private static int requestId(byte[] request) {
        return ByteBuffer.wrap(request).order(ByteOrder.LITTLE_ENDIAN).getInt(4);
    }

    private static byte[] opMsg(int responseTo, byte[] body) {
        ByteBuffer out = ByteBuffer.allocate(21 + body.length).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(21 + body.length).putInt(java.util.concurrent.ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE)).putInt(responseTo).putInt(2013).putInt(0).put((byte) 0)
                .put(body);
        return out.array();
    }

    /** A replica set primary's hello reply, as MongoDB 7 writes it. */
    private static BsonDocument primary(BsonDocument request) {
        long now = System.currentTimeMillis();
        return new BsonDocument("topologyVersion", topologyVersion())
                .append("hosts", new BsonArray(List.of(new BsonString("db1.example:27017"), new BsonString("db2.example:27017"),
                        new BsonString("db3.example:27017"))))
                .append("setName", new BsonString("rs0"))
                .append("setVersion", new BsonInt32(3))
                .append("isWritablePrimary", BsonBoolean.TRUE)
                .append("secondary", BsonBoolean.FALSE)
                .append("primary", new BsonString("db1.example:27017"))
                .append("me", new BsonString("db1.example:27017"))
                .append("electionId", new BsonObjectId(new ObjectId("7fffffff0000000000000012")))
                .append("lastWrite", new BsonDocument("opTime", new BsonDocument("ts", new BsonTimestamp((int) (now / 1000), 1))
                        .append("t", new BsonInt64(18))).append("lastWriteDate", new BsonDateTime(now))
                        .append("majorityOpTime", new BsonDocument("ts", new BsonTimestamp((int) (now / 1000), 1))
                                .append("t", new BsonInt64(18))).append("majorityWriteDate", new BsonDateTime(now)))
                .append("maxBsonObjectSize", new BsonInt32(16777216))
                .append("maxMessageSizeBytes", new BsonInt32(48000000))
                .append("maxWriteBatchSize", new BsonInt32(100000))
                .append("localTime", new BsonDateTime(now))
                .append("logicalSessionTimeoutMinutes", new BsonInt32(30))
                .append("connectionId", new BsonInt32(151))
                .append("minWireVersion", new BsonInt32(0))
                .append("maxWireVersion", new BsonInt32(21))
                .append("readOnly", BsonBoolean.FALSE)
                .append("ok", new BsonDouble(1))
                .append("$clusterTime", new BsonDocument("clusterTime", new BsonTimestamp((int) (now / 1000), 1)))
                .append("operationTime", new BsonTimestamp((int) (now / 1000), 1));
    }

    private static BsonDocument topologyVersion() {
        return new BsonDocument("processId", new BsonObjectId(new ObjectId(new Date()))).append("counter", new BsonInt64(6));
    }

    private static BsonDocument error(int code, String codeName, String errmsg) {
        return new BsonDocument("ok", new BsonDouble(0)).append("errmsg", new BsonString(errmsg))
                .append("code", new BsonInt32(code)).append("codeName", new BsonString(codeName));
    }

    private static byte[] bson(BsonDocument document) {
        return MongoProbe.bson(document);
    }

    private static int bsonLength(byte[] bytes, int at) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(at);
    }

    private static byte[] element(byte type, String name, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(type);
        out.writeBytes(name.getBytes(StandardCharsets.UTF_8));
        out.write(0);
        out.writeBytes(value);
        return out.toByteArray();
    }

    private static byte[] document(byte[]... elements) {
        List<byte[]> parts = new ArrayList<>(List.of(elements));
        int length = 4 + 1 + parts.stream().mapToInt(p -> p.length).sum();
        ByteBuffer out = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN).putInt(length);
        parts.forEach(out::put);
        return out.put((byte) 0).array();
    }
}

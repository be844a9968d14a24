package dev.portmonitor.probe;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * The {@code postgres} kind, read the way {@code pg_isready} reads a server: a startup message, then
 * an authentication request (alive, needs credentials), or AuthenticationOk and ReadyForQuery (a
 * trusting server: the version is reported, and Terminate is sent), or an error. SQLSTATE 57P03
 * (starting up, shutting down, in recovery) and 53300 (too many connections) are UNHEALTHY; any
 * other error still proves a server that accepts connections (a missing role, say), as pg_isready
 * says. With {@code tls: true}, an SSLRequest first and the TLS checks.
 *
 * <p>A good guest: during authentication the probe closes without a word, which PostgreSQL does not
 * log; it never sends a password; the role and database it names default to {@code postgres}, which
 * exist on every installation, so that no "role does not exist" is logged.
 */
final class PostgresProbe extends Dialogue {

    record Settings(String user, String database, boolean tls, TlsSettings tlsSettings)
            implements ProbeSettings, DialogueProbe.TlsAware {
        @Override
        public String fingerprint() {
            return "user=" + user + ",database=" + database + ",tls=" + tls + (tls ? "," + tlsSettings.fingerprint() : "");
        }
    }

    static final ProbeKind KIND = new ProbeKind("postgres", 5432,
            TlsSettings.keysWith(List.of("user", "database", "tls")), PostgresProbe::bind,
            connector -> new DialogueProbe<>(connector, Settings.class, PostgresProbe::new, false));

    private static final int SSL_REQUEST = 80877103;
    private static final int PROTOCOL_3 = 196608;
    private static final byte[] TERMINATE = {'X', 0, 0, 0, 4};

    private final Settings settings;
    private boolean sslAsked;
    private String version;
    private boolean authenticated;

    private PostgresProbe(Settings settings) {
        this.settings = settings;
    }

    static Settings bind(SettingsReader reader) {
        String user = reader.text("user");
        String database = reader.text("database");
        Boolean tls = reader.bool("tls");
        return new Settings(user == null ? "postgres" : user, database == null ? (user == null ? "postgres" : user) : database,
                Boolean.TRUE.equals(tls), TlsSettings.read(reader));
    }

    @Override
    protected String service() {
        return "PostgreSQL";
    }

    @Override
    protected byte[] opening() {
        if (settings.tls()) {
            sslAsked = true;
            ByteBuf request = Unpooled.buffer(8).writeInt(8).writeInt(SSL_REQUEST);
            return request.array();
        }
        return startup();
    }

    @Override
    protected Reply secured() {
        return Reply.send(startup());
    }

    private byte[] startup() {
        ByteBuf body = Unpooled.buffer(96);
        body.writeInt(0).writeInt(PROTOCOL_3);
        cstring(body, "user");
        cstring(body, settings.user());
        cstring(body, "database");
        cstring(body, settings.database());
        cstring(body, "application_name");
        cstring(body, "port-monitor");
        body.writeByte(0);
        body.setInt(0, body.writerIndex());
        byte[] bytes = new byte[body.writerIndex()];
        body.getBytes(0, bytes);
        return bytes;
    }

    private static void cstring(ByteBuf out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8)).writeByte(0);
    }

    @Override
    protected Reply received(ByteBuf in) {
        if (sslAsked) {
            sslAsked = false;
            byte answer = in.readByte();
            if (answer == 'S') {
                return Reply.startTls();
            }
            if (answer == 'N') {
                return new Verdict(Outcome.TLS_ERROR, "PostgreSQL answered the SSLRequest with N: SSL is off on the server"
                        + " (ssl = on in postgresql.conf), and the check asks for tls", null, null);
            }
            in.readerIndex(in.readerIndex() - 1);
            if (answer == 'E') {
                return message(in);
            }
            return Reply.badResponse("not a PostgreSQL answer to an SSLRequest: " + preview(in, 40));
        }
        Reply reply = Reply.more();
        while (reply instanceof More) {
            if (in.readableBytes() < 5) {
                if (in.readableBytes() > 0 && "RESZNK".indexOf(in.getByte(in.readerIndex())) < 0) {
                    return Reply.badResponse("not a PostgreSQL answer: " + preview(in, 40));
                }
                return reply;
            }
            reply = message(in);
            if (reply == null) {
                return Reply.more();
            }
        }
        return reply;
    }

    /** One backend message, consumed; null when it has not fully arrived, More to read the next one. */
    private Reply message(ByteBuf in) {
        int start = in.readerIndex();
        byte type = in.getByte(start);
        int length = in.getInt(start + 1);
        if ("RESZNK".indexOf(type) < 0 || length < 4 || length > Conversation.READ_LIMIT) {
            return Reply.badResponse("not a PostgreSQL answer: " + preview(in, 40));
        }
        if (in.readableBytes() < length + 1) {
            return null;
        }
        ByteBuf body = in.slice(start + 5, length - 4);
        in.readerIndex(start + 1 + length);
        switch (type) {
            case 'R' -> {
                int code = body.readInt();
                if (code != 0) {
                    // An authentication request: alive and accepting. Close without answering: not logged.
                    return Reply.healthy(ServiceDetails.of("authentication", authName(code),
                            "note", "alive; needs credentials (" + authName(code) + ")"), null);
                }
                authenticated = true;
                return Reply.more();
            }
            case 'S' -> {
                String name = cstring(body);
                String value = cstring(body);
                if (name.equals("server_version")) {
                    version = value;
                }
                return Reply.more();
            }
            case 'Z' -> {
                return Reply.healthy(ServiceDetails.of("serverVersion", version, "authentication", "trust"), TERMINATE);
            }
            case 'E' -> {
                return error(body);
            }
            default -> {
                return Reply.more(); // BackendKeyData, NoticeResponse
            }
        }
    }

    private Reply error(ByteBuf body) {
        String code = null;
        String message = null;
        String severity = null;
        while (body.isReadable()) {
            byte field = body.readByte();
            if (field == 0) {
                break;
            }
            String value = cstring(body);
            switch (field) {
                case 'C' -> code = value;
                case 'M' -> message = value;
                case 'V' -> severity = value;
                default -> { }
            }
        }
        String text = "PostgreSQL " + (code == null ? "" : code + ": ") + (message == null ? "error" : clip(message));
        if ("57P03".equals(code) || "53300".equals(code) || "53400".equals(code)) {
            return Reply.unhealthy(text, ServiceDetails.of("sqlstate", code), null);
        }
        // pg_isready: any other answer is a server that accepts connections (a missing role or database...).
        return Reply.healthy(ServiceDetails.of("sqlstate", code, "note", "alive; " + text
                + (severity == null ? "" : " (" + severity.toLowerCase(Locale.ROOT) + ")")), null);
    }

    private static String cstring(ByteBuf body) {
        int end = body.indexOf(body.readerIndex(), body.writerIndex(), (byte) 0);
        if (end < 0) {
            end = body.writerIndex();
        }
        String value = body.toString(body.readerIndex(), end - body.readerIndex(), StandardCharsets.UTF_8);
        body.readerIndex(Math.min(body.writerIndex(), end + 1));
        return value;
    }

    private static String authName(int code) {
        return switch (code) {
            case 2 -> "Kerberos";
            case 3 -> "cleartext password";
            case 5 -> "MD5 password";
            case 7 -> "GSSAPI";
            case 9 -> "SSPI";
            case 10 -> "SASL (SCRAM)";
            default -> "authentication " + code;
        };
    }

    @Override
    protected Reply closed(long received) {
        return authenticated ? Reply.badResponse("PostgreSQL closed the connection after authentication, before it was ready")
                : super.closed(received);
    }
}

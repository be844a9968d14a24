package dev.portmonitor.probe;

import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The {@code mysql} kind (MySQL and MariaDB). Packets are a 3-byte little-endian length, a sequence
 * number and the payload. The server speaks first: protocol 10 ({@code 0x0a}) and its version, or an
 * error packet ({@code 0xff}, code, message) when it will not take the connection (1040 too many
 * connections, 1129 host blocked).
 *
 * <p>After the greeting the check logs in as {@code user} (default {@code port-monitor}) with no
 * password, the way HAProxy's {@code mysql-check user} does, and reads the answer: "access denied"
 * (1045) is a healthy server that needs credentials; OK (a user with no password and no privileges
 * made for monitoring) is answered with COM_QUIT, the protocol's goodbye. Closing after the greeting
 * instead would be a handshake error, and MySQL and MariaDB block a host after
 * {@code max_connect_errors} of those in a row; a refused login is an authentication error, which
 * never blocks (measured: docs/checks.md, MysqlHostBlockingIT).
 */
final class MysqlProbe extends Dialogue {

    record Settings(String user) implements ProbeSettings {
        @Override
        public String fingerprint() {
            return "user=" + user;
        }
    }

    static final String DEFAULT_USER = "port-monitor";

    static final ProbeKind KIND = new ProbeKind("mysql", 3306, List.of("user"), MysqlProbe::bind,
            connector -> new DialogueProbe<>(connector, Settings.class, MysqlProbe::new, false));

    /** The largest packet a check waits for; a real greeting is about 100 bytes. */
    private static final int MAX_PACKET = 16 * 1024;

    private static final int CLIENT_LONG_PASSWORD = 0x1;
    private static final int CLIENT_PROTOCOL_41 = 0x200;
    private static final int CLIENT_SECURE_CONNECTION = 0x8000;
    private static final int CLIENT_PLUGIN_AUTH = 0x80000;

    /** COM_QUIT, the first command of a session (sequence 0). */
    private static final byte[] COM_QUIT = {1, 0, 0, 0, 1};

    private enum Step { GREETING, LOGIN, SWITCHED }

    private final Settings settings;
    private Step step = Step.GREETING;
    private int sequence;
    private String version;
    private String product;

    private MysqlProbe(Settings settings) {
        this.settings = settings;
    }

    static Settings bind(SettingsReader reader) {
        String user = reader.text("user");
        if (user != null && !user.matches("[\\p{L}\\p{N}._@%+-]{1,80}")) {
            reader.problem("user", "\"" + user + "\" is not a MySQL user name the check can send; give letters, digits and . _ - "
                    + "(at most 80), like port-monitor");
            user = null;
        }
        return new Settings(user == null ? DEFAULT_USER : user);
    }

    @Override
    protected byte[] opening() {
        return null;
    }

    @Override
    protected String service() {
        return "MySQL";
    }

    @Override
    protected Reply received(ByteBuf in) {
        if (in.readableBytes() < 4) {
            return Reply.more();
        }
        int start = in.readerIndex();
        int length = in.getUnsignedMediumLE(start);
        int number = in.getUnsignedByte(start + 3);
        if (length == 0 || length > MAX_PACKET || (step == Step.GREETING && number != 0)) {
            return Reply.badResponse("not a MySQL " + (step == Step.GREETING ? "handshake " : "") + "packet: " + preview(in, 40));
        }
        if (in.readableBytes() < 4 + length) {
            return Reply.more();
        }
        ByteBuf payload = in.slice(start + 4, length);
        in.readerIndex(start + 4 + length);
        sequence = number;
        return step == Step.GREETING ? greeting(payload) : loginAnswer(payload);
    }

    private Reply greeting(ByteBuf payload) {
        int first = payload.readUnsignedByte();
        if (first == 0xff) {
            return error(payload, true);
        }
        if (first != 0x0a) {
            if (first < 0x0a && first > 0) {
                return Reply.badResponse("the server speaks MySQL protocol " + first + ", not 10 (a server older than MySQL 3.21)");
            }
            return Reply.badResponse("not a MySQL greeting: " + preview(payload.readerIndex(0), 40));
        }
        int end = payload.indexOf(payload.readerIndex(), payload.writerIndex(), (byte) 0);
        if (end < 0) {
            return Reply.badResponse("a MySQL handshake packet without a NUL-terminated server version");
        }
        version = clip(payload.toString(payload.readerIndex(), end - payload.readerIndex(), StandardCharsets.UTF_8));
        product = version.contains("MariaDB") ? "MariaDB" : null;
        payload.readerIndex(end + 1);
        // connection id (4), auth data part 1 (8), filler (1), then the lower capability flags (2)
        if (payload.readableBytes() < 15) {
            return Reply.healthy(details(), null); // a greeting too old to log in to: the version is all there is
        }
        payload.skipBytes(13);
        int capabilities = payload.readUnsignedShortLE();
        String plugin = null;
        if (payload.readableBytes() >= 5) {
            payload.skipBytes(3); // character set, status flags
            capabilities |= payload.readUnsignedShortLE() << 16;
            int dataLength = payload.readUnsignedByte();
            int skip = 10 + Math.max(13, dataLength - 8); // reserved, auth data part 2
            if ((capabilities & CLIENT_PLUGIN_AUTH) != 0 && payload.readableBytes() > skip) {
                payload.skipBytes(skip);
                int nul = payload.indexOf(payload.readerIndex(), payload.writerIndex(), (byte) 0);
                plugin = payload.toString(payload.readerIndex(), (nul < 0 ? payload.writerIndex() : nul) - payload.readerIndex(),
                        StandardCharsets.US_ASCII);
            }
        }
        if ((capabilities & CLIENT_PROTOCOL_41) == 0 || (capabilities & CLIENT_SECURE_CONNECTION) == 0) {
            return Reply.healthy(details(), null); // a pre-4.1 server: no login the check can speak
        }
        step = Step.LOGIN;
        return Reply.send(packet(1, loginRequest(capabilities, plugin)));
    }

    /** HandshakeResponse41: the user, an empty auth response, and the server's own auth plugin. */
    private byte[] loginRequest(int serverCapabilities, String plugin) {
        int capabilities = CLIENT_LONG_PASSWORD | CLIENT_PROTOCOL_41 | CLIENT_SECURE_CONNECTION
                | (plugin != null ? serverCapabilities & CLIENT_PLUGIN_AUTH : 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeIntLE(out, capabilities);
        writeIntLE(out, 16 * 1024 * 1024); // max packet size
        out.write(45); // utf8mb4_general_ci
        out.writeBytes(new byte[23]);
        out.writeBytes(settings.user().getBytes(StandardCharsets.UTF_8));
        out.write(0);
        out.write(0); // auth response length: no password
        if ((capabilities & CLIENT_PLUGIN_AUTH) != 0) {
            out.writeBytes(plugin.getBytes(StandardCharsets.US_ASCII));
            out.write(0);
        }
        return out.toByteArray();
    }

    private Reply loginAnswer(ByteBuf payload) {
        int first = payload.readUnsignedByte();
        if (first == 0x00) {
            return Reply.healthy(details("login", "logged in as " + settings.user() + " (a user with no password)"), COM_QUIT);
        }
        if (first == 0xff) {
            return error(payload, false);
        }
        if (first == 0xfe && step == Step.LOGIN) {
            step = Step.SWITCHED; // an auth switch request: answer with an empty auth response, once
            return Reply.send(packet(sequence + 1, new byte[0]));
        }
        if (first == 0xfe || first == 0x01) {
            // more authentication wanted (caching_sha2_password's exchange): alive, and needs credentials
            return Reply.healthy(details("note", "needs credentials (the check sends none)"), null);
        }
        return Reply.badResponse("not a MySQL answer to a login: " + preview(payload.readerIndex(0), 40));
    }

    /** An error packet: 2-byte code, an optional {@code #} and SQLSTATE, the message. */
    private Reply error(ByteBuf payload, boolean atGreeting) {
        if (payload.readableBytes() < 2) {
            return Reply.badResponse("a MySQL error packet without an error code");
        }
        int code = payload.readUnsignedShortLE();
        String sqlState = null;
        if (payload.readableBytes() >= 6 && payload.getByte(payload.readerIndex()) == '#') {
            sqlState = payload.toString(payload.readerIndex() + 1, 5, StandardCharsets.US_ASCII);
            payload.skipBytes(6);
        }
        String message = clip(payload.toString(StandardCharsets.UTF_8).strip());
        String reason = "MySQL " + code + ": " + (message.isEmpty() ? "error" : message);
        ServiceDetails codes = details("errorCode", code, "sqlstate", sqlState);
        if (code == 1129) {
            return Reply.unhealthy(reason + "; FLUSH HOSTS or mariadb-admin flush-hosts unblocks it", codes, null);
        }
        if (code == 1130) {
            // the server's grants name no user for this host: it is up and says so
            return Reply.healthy(details("errorCode", code, "note", "alive; refuses connections from this host: " + message), null);
        }
        if (atGreeting || code == 1040) {
            return Reply.unhealthy(reason, codes, null);
        }
        // a refused login (1045 access denied, an unknown auth plugin, TLS required...) is a server taking logins
        return Reply.healthy(details("errorCode", code,
                "note", code == 1045 ? "alive; needs credentials (the check sends none)" : "alive; refused the login: " + reason), null);
    }

    /** The greeting's version and product (when read), then these name and value pairs. */
    private ServiceDetails details(Object... more) {
        Object[] all = new Object[4 + more.length];
        all[0] = "serverVersion";
        all[1] = version;
        all[2] = "product";
        all[3] = product;
        System.arraycopy(more, 0, all, 4, more.length);
        return ServiceDetails.of(all);
    }

    private static byte[] packet(int number, byte[] payload) {
        byte[] packet = new byte[4 + payload.length];
        packet[0] = (byte) payload.length;
        packet[1] = (byte) (payload.length >> 8);
        packet[2] = (byte) (payload.length >> 16);
        packet[3] = (byte) number;
        System.arraycopy(payload, 0, packet, 4, payload.length);
        return packet;
    }

    private static void writeIntLE(ByteArrayOutputStream out, int value) {
        out.write(value);
        out.write(value >> 8);
        out.write(value >> 16);
        out.write(value >> 24);
    }
}

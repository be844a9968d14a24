package dev.portmonitor.probe;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * The {@code mysql} kind (MySQL and MariaDB): the server speaks first with its handshake packet
 * (3-byte little-endian length, sequence number, payload). Protocol 10 ({@code 0x0a}) and the server
 * version is a healthy server; an error packet ({@code 0xff}, error code, message) is a server that
 * will not take the connection: 1040 (too many connections), 1129 (host blocked) and any other.
 *
 * <p>There is no goodbye in the handshake phase (COM_QUIT needs a logged-in session), and the probe
 * sends no credentials: it closes after the greeting. MariaDB counts that in {@code Aborted_connects}
 * (docs/checks.md), as it counts a plain {@code tcp} check.
 */
final class MysqlProbe extends Dialogue {

    static final ProbeKind KIND = DialogueProbe.withoutSettings("mysql", 3306, MysqlProbe::new);

    /** The largest greeting a check waits for; a real one is about 100 bytes. */
    private static final int MAX_GREETING = 16 * 1024;

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
        int sequence = in.getUnsignedByte(start + 3);
        if (length == 0 || length > MAX_GREETING || sequence != 0) {
            return Reply.badResponse("not a MySQL handshake packet: " + preview(in, 40));
        }
        if (in.readableBytes() < 4 + length) {
            return Reply.more();
        }
        ByteBuf payload = in.slice(start + 4, length);
        in.readerIndex(start + 4 + length);
        int first = payload.readUnsignedByte();
        if (first == 0x0a) {
            int end = payload.indexOf(payload.readerIndex(), payload.writerIndex(), (byte) 0);
            if (end < 0) {
                return Reply.badResponse("a MySQL handshake packet without a NUL-terminated server version");
            }
            String version = payload.toString(payload.readerIndex(), end - payload.readerIndex(), StandardCharsets.UTF_8);
            return Reply.healthy(ServiceDetails.of("serverVersion", clip(version),
                    "product", version.contains("MariaDB") ? "MariaDB" : null), null);
        }
        if (first == 0xff) {
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
            if (code == 1129) {
                reason += "; FLUSH HOSTS or mariadb-admin flush-hosts unblocks it";
            }
            return Reply.unhealthy(reason, ServiceDetails.of("errorCode", code, "sqlstate", sqlState), null);
        }
        if (first < 0x0a && first > 0) {
            return Reply.badResponse("the server speaks MySQL protocol " + first + ", not 10 (a server older than MySQL 3.21)");
        }
        return Reply.badResponse("not a MySQL greeting: " + preview(payload.readerIndex(0), 40));
    }
}

package dev.portmonitor.probe;

import io.netty.buffer.ByteBuf;

/**
 * The {@code redis} kind: {@code PING}, answered {@code +PONG} by a ready server, then {@code QUIT}.
 * A server that wants credentials ({@code -NOAUTH}) or runs in protected mode ({@code -DENIED}) is
 * alive, and the details say so; {@code -LOADING}, {@code -MASTERDOWN}, {@code -BUSY} and any other
 * error mean it cannot serve now.
 */
final class RedisProbe extends Dialogue {

    static final ProbeKind KIND = DialogueProbe.withoutSettings("redis", 6379, RedisProbe::new);

    private static final byte[] QUIT = ascii("QUIT\r\n");

    @Override
    protected byte[] opening() {
        return ascii("PING\r\n");
    }

    @Override
    protected String service() {
        return "Redis";
    }

    @Override
    protected Reply received(ByteBuf in) {
        if (in.readableBytes() > 0 && in.getByte(in.readerIndex()) != '+' && in.getByte(in.readerIndex()) != '-') {
            return Reply.badResponse("not a Redis reply to PING: " + preview(in, 40));
        }
        String line = readLine(in);
        if (line == null) {
            return Reply.more();
        }
        if (line.equals("+PONG")) {
            return Reply.healthy(ServiceDetails.of("reply", "PONG"), QUIT);
        }
        if (line.startsWith("-NOAUTH") || line.startsWith("-DENIED") || line.startsWith("-NOPERM")) {
            String word = line.substring(1, line.indexOf(' ') > 0 ? line.indexOf(' ') : line.length());
            return Reply.healthy(ServiceDetails.of("reply", word, "note", "alive; needs credentials to serve (" + word + ")"),
                    QUIT);
        }
        if (line.startsWith("-")) {
            return Reply.unhealthy("Redis " + clip(line.substring(1)), null, QUIT);
        }
        return Reply.badResponse("Redis answered PING with \"" + clip(line) + "\"");
    }
}

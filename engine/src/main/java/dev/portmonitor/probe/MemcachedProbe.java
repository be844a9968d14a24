package dev.portmonitor.probe;

import io.netty.buffer.ByteBuf;

/**
 * The {@code memcached} kind: {@code version}, answered {@code VERSION x.y.z} by a memcached (or a
 * server speaking its text protocol: mcrouter, Twemproxy), then {@code quit}. An {@code ERROR} or
 * {@code SERVER_ERROR} line is a server that cannot serve now.
 */
final class MemcachedProbe extends Dialogue {

    static final ProbeKind KIND = DialogueProbe.withoutSettings("memcached", 11211, MemcachedProbe::new);

    private static final byte[] QUIT = ascii("quit\r\n");

    @Override
    protected byte[] opening() {
        return ascii("version\r\n");
    }

    @Override
    protected String service() {
        return "memcached";
    }

    @Override
    protected Reply received(ByteBuf in) {
        if (in.readableBytes() > 0 && "VSEC".indexOf(in.getByte(in.readerIndex())) < 0) {
            return Reply.badResponse("not a memcached reply to version: " + preview(in, 40));
        }
        String line = readLine(in);
        if (line == null) {
            return in.readableBytes() > 200 ? Reply.badResponse("not a memcached reply to version: " + preview(in, 40))
                    : Reply.more();
        }
        if (line.startsWith("VERSION ")) {
            return Reply.healthy(ServiceDetails.of("serverVersion", clip(line.substring(8).strip())), QUIT);
        }
        if (line.startsWith("SERVER_ERROR") || line.startsWith("CLIENT_ERROR") || line.equals("ERROR")) {
            return Reply.unhealthy("memcached " + clip(line), null, QUIT);
        }
        return Reply.badResponse("memcached answered version with \"" + clip(line) + "\"");
    }
}

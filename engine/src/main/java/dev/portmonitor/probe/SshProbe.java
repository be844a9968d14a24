package dev.portmonitor.probe;

import io.netty.buffer.ByteBuf;

/**
 * The {@code ssh} kind: the server speaks first with its identification line
 * ({@code SSH-2.0-OpenSSH_9.2p1 Debian-2}, RFC 4253 section 4.2), after at most
 * {@value #MAX_LINES} other lines (a banner). {@code SSH-2.0-} and {@code SSH-1.99-} are healthy;
 * SSH 1 only, or anything else, is not an SSH server to use.
 *
 * <p>The probe sends nothing and closes after the line: SSH has no goodbye before the key exchange.
 * OpenSSH logs it (docs/checks.md).
 */
final class SshProbe extends Dialogue {

    static final ProbeKind KIND = DialogueProbe.withoutSettings("ssh", 22, SshProbe::new);

    static final int MAX_LINES = 20;
    /** RFC 4253: the identification line is at most 255 characters with its CR LF. */
    private static final int MAX_LINE = 255;

    private int lines;

    @Override
    protected byte[] opening() {
        return null;
    }

    @Override
    protected String service() {
        return "SSH";
    }

    @Override
    protected Reply received(ByteBuf in) {
        while (true) {
            if (in.isReadable() && !text(in.getUnsignedByte(in.readerIndex()))) {
                return Reply.badResponse("not an SSH identification line: " + preview(in, 40));
            }
            int start = in.readerIndex();
            String line = readLine(in);
            if (line == null) {
                if (in.readableBytes() > MAX_LINE * 4) {
                    return Reply.badResponse("not an SSH identification line: " + preview(in, 40));
                }
                return Reply.more();
            }
            if (line.startsWith("SSH-")) {
                if (line.startsWith("SSH-2.0-") || line.startsWith("SSH-1.99-")) {
                    return Reply.healthy(ServiceDetails.of("identification", clip(line)), null);
                }
                return Reply.badResponse("the server speaks SSH protocol " + clip(line.substring(4, Math.max(4, line.indexOf('-', 4))))
                        + ", not 2.0 (" + clip(line) + ")");
            }
            lines++;
            if (!printable(line)) {
                in.readerIndex(start);
                return Reply.badResponse("not an SSH identification line: " + preview(in, 40));
            }
            if (lines >= MAX_LINES) {
                return Reply.badResponse("no SSH identification line in the first " + MAX_LINES + " lines (the first: \""
                        + clip(line) + "\"...)");
            }
        }
    }

    /** A byte that may start a line of text: printable, a tab, or the line's end. */
    private static boolean text(int b) {
        return b >= 0x20 && b < 0x7f || b == '\t' || b == '\r' || b == '\n';
    }

    private static boolean printable(String line) {
        return line.chars().allMatch(c -> c >= 0x20 && c < 0x7f || c == '\t');
    }
}

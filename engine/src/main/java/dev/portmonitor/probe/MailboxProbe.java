package dev.portmonitor.probe;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * The {@code imap} (143), {@code imaps} (993), {@code pop3} (110) and {@code pop3s} (995) kinds: the
 * server's greeting and nothing else, then the protocol's goodbye ({@code a1 LOGOUT}, {@code QUIT}).
 * IMAP {@code * OK} (or {@code * PREAUTH}) and POP3 {@code +OK} are healthy; {@code * BYE} and
 * {@code -ERR} are a server refusing sessions (UNHEALTHY); anything else is not the protocol.
 * {@code imaps} and {@code pop3s} start TLS at once and check the certificate. No login is tried.
 */
final class MailboxProbe extends Dialogue {

    private enum Protocol { IMAP, POP3 }

    static final ProbeKind IMAP = plain("imap", 143, Protocol.IMAP);
    static final ProbeKind IMAPS = implicitTls("imaps", 993, Protocol.IMAP);
    static final ProbeKind POP3 = plain("pop3", 110, Protocol.POP3);
    static final ProbeKind POP3S = implicitTls("pop3s", 995, Protocol.POP3);

    private static ProbeKind plain(String name, int port, Protocol protocol) {
        return DialogueProbe.withoutSettings(name, port, () -> new MailboxProbe(protocol));
    }

    private static ProbeKind implicitTls(String name, int port, Protocol protocol) {
        return new ProbeKind(name, port, TlsSettings.KEYS, TlsSettings::read,
                connector -> new DialogueProbe<>(connector, TlsSettings.class, settings -> new MailboxProbe(protocol), true));
    }

    private final Protocol protocol;

    private MailboxProbe(Protocol protocol) {
        this.protocol = protocol;
    }

    @Override
    protected byte[] opening() {
        return null; // the server greets first
    }

    @Override
    protected Reply secured() {
        return Reply.more(); // the greeting comes over TLS
    }

    @Override
    protected String service() {
        return protocol == Protocol.IMAP ? "IMAP" : "POP3";
    }

    @Override
    protected Reply received(ByteBuf in) {
        String expected = protocol == Protocol.IMAP ? "* " : "+OK";
        if (in.readableBytes() >= 2 && in.getByte(in.readerIndex()) != (protocol == Protocol.IMAP ? '*' : '+')
                && in.getByte(in.readerIndex()) != '-') {
            return Reply.badResponse((protocol == Protocol.IMAP ? "not an " : "not a ") + service() + " greeting (expected \""
                    + expected.strip() + "\"): " + preview(in, 40));
        }
        String line = readLine(in);
        if (line == null) {
            return Reply.more();
        }
        return protocol == Protocol.IMAP ? imap(line) : pop3(line);
    }

    private Reply imap(String line) {
        byte[] logout = ascii("a1 LOGOUT\r\n");
        String upper = line.toUpperCase(java.util.Locale.ROOT);
        if (upper.startsWith("* OK")) {
            return Reply.healthy(ServiceDetails.of("banner", clip(line.substring(4).strip())), logout);
        }
        if (upper.startsWith("* PREAUTH")) {
            return Reply.healthy(ServiceDetails.of("banner", clip(line.substring(9).strip()), "note", "pre-authenticated (PREAUTH)"),
                    logout);
        }
        if (upper.startsWith("* BYE")) {
            return Reply.unhealthy("IMAP server refuses sessions: " + clip(line), null, null);
        }
        return Reply.badResponse("not an IMAP greeting: \"" + clip(line) + "\"");
    }

    private Reply pop3(String line) {
        if (line.startsWith("+OK")) {
            return Reply.healthy(ServiceDetails.of("banner", clip(line.substring(3).strip())), ascii("QUIT\r\n"));
        }
        if (line.startsWith("-ERR")) {
            return Reply.unhealthy("POP3 server refuses sessions: " + clip(line), null, ascii("QUIT\r\n"));
        }
        return Reply.badResponse("not a POP3 greeting: \"" + clip(line) + "\"");
    }
}

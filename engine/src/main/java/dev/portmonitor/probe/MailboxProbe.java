package dev.portmonitor.probe;

import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.Locale;

/**
 * The {@code imap} (143), {@code imaps} (993), {@code pop3} (110) and {@code pop3s} (995) kinds: the
 * server's greeting, then the protocol's goodbye ({@code a1 LOGOUT}, {@code QUIT}). IMAP
 * {@code * OK} (or {@code * PREAUTH}) and POP3 {@code +OK} are healthy; {@code * BYE} and
 * {@code -ERR} are a server refusing sessions (UNHEALTHY); anything else is not the protocol.
 * {@code imaps} and {@code pop3s} start TLS at once and check the certificate; {@code imap} and
 * {@code pop3} with {@code tls: true} ask for it after the greeting ({@code a1 STARTTLS},
 * {@code STLS}, RFC 3501 and 2595) and check the certificate the same way. No login is tried.
 */
final class MailboxProbe extends Dialogue {

    private enum Protocol { IMAP, POP3 }

    /** {@code tls}: STARTTLS (STLS) after the greeting; the TLS keys apply when it is on. */
    record Settings(boolean tls, TlsSettings tlsSettings) implements ProbeSettings, DialogueProbe.TlsAware {
        @Override
        public String fingerprint() {
            return "tls=" + tls + (tls ? "," + tlsSettings.fingerprint() : "");
        }
    }

    static final ProbeKind IMAP = plain("imap", 143, Protocol.IMAP);
    static final ProbeKind IMAPS = implicitTls("imaps", 993, Protocol.IMAP);
    static final ProbeKind POP3 = plain("pop3", 110, Protocol.POP3);
    static final ProbeKind POP3S = implicitTls("pop3s", 995, Protocol.POP3);

    private static ProbeKind plain(String name, int port, Protocol protocol) {
        return new ProbeKind(name, port, TlsSettings.keysWith(List.of("tls")),
                reader -> new Settings(Boolean.TRUE.equals(reader.bool("tls")), TlsSettings.read(reader)),
                connector -> new DialogueProbe<>(connector, Settings.class, settings -> new MailboxProbe(protocol, settings.tls()),
                        false));
    }

    private static ProbeKind implicitTls(String name, int port, Protocol protocol) {
        return new ProbeKind(name, port, TlsSettings.KEYS, TlsSettings::read,
                connector -> new DialogueProbe<>(connector, TlsSettings.class, settings -> new MailboxProbe(protocol, false), true));
    }

    private final Protocol protocol;
    private final boolean startTls;
    private boolean greeted;
    private String banner;

    private MailboxProbe(Protocol protocol, boolean startTls) {
        this.protocol = protocol;
        this.startTls = startTls;
    }

    @Override
    protected byte[] opening() {
        return null; // the server greets first
    }

    @Override
    protected Reply secured() {
        if (!startTls) {
            return Reply.more(); // implicit TLS: the greeting comes over TLS
        }
        // after STARTTLS the server does not greet again: the session is usable over TLS
        return Reply.healthy(ServiceDetails.of("banner", banner, "starttls", true), goodbye("a2"));
    }

    private byte[] goodbye(String tag) {
        return ascii(protocol == Protocol.IMAP ? tag + " LOGOUT\r\n" : "QUIT\r\n");
    }

    @Override
    protected String service() {
        return protocol == Protocol.IMAP ? "IMAP" : "POP3";
    }

    @Override
    protected Reply received(ByteBuf in) {
        if (greeted) {
            return startTlsAnswer(in);
        }
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

    /** The answer to {@code a1 STARTTLS} or {@code STLS}: untagged IMAP lines first are skipped. */
    private Reply startTlsAnswer(ByteBuf in) {
        while (true) {
            String line = readLine(in);
            if (line == null) {
                return Reply.more();
            }
            String upper = line.toUpperCase(Locale.ROOT);
            if (protocol == Protocol.IMAP && upper.startsWith("* ")) {
                continue;
            }
            if (upper.startsWith(protocol == Protocol.IMAP ? "A1 OK" : "+OK")) {
                return Reply.startTls();
            }
            if (protocol == Protocol.IMAP ? upper.startsWith("A1 NO") || upper.startsWith("A1 BAD") : upper.startsWith("-ERR")) {
                return new Verdict(Outcome.TLS_ERROR, service() + " server refused " + (protocol == Protocol.IMAP ? "STARTTLS" : "STLS")
                        + ": \"" + clip(line) + "\" (the check asks for TLS; tls: false checks without it)",
                        ServiceDetails.of("banner", banner, "starttls", false), goodbye("a2"));
            }
            return Reply.badResponse("not an answer to " + (protocol == Protocol.IMAP ? "a1 STARTTLS" : "STLS") + ": \""
                    + clip(line) + "\"");
        }
    }

    /** Healthy greeting: the goodbye, or STARTTLS first when the check asks for TLS. */
    private Reply greeted(String text, String note) {
        banner = clip(text);
        if (startTls) {
            greeted = true;
            return Reply.send(protocol == Protocol.IMAP ? "a1 STARTTLS\r\n" : "STLS\r\n");
        }
        return Reply.healthy(ServiceDetails.of("banner", banner, "note", note), goodbye("a1"));
    }

    private Reply imap(String line) {
        String upper = line.toUpperCase(Locale.ROOT);
        if (upper.startsWith("* OK")) {
            return greeted(line.substring(4).strip(), null);
        }
        if (upper.startsWith("* PREAUTH")) {
            return greeted(line.substring(9).strip(), "pre-authenticated (PREAUTH)");
        }
        if (upper.startsWith("* BYE")) {
            return Reply.unhealthy("IMAP server refuses sessions: " + clip(line), null, null);
        }
        return Reply.badResponse("not an IMAP greeting: \"" + clip(line) + "\"");
    }

    private Reply pop3(String line) {
        if (line.startsWith("+OK")) {
            return greeted(line.substring(3).strip(), null);
        }
        if (line.startsWith("-ERR")) {
            return Reply.unhealthy("POP3 server refuses sessions: " + clip(line), null, ascii("QUIT\r\n"));
        }
        return Reply.badResponse("not a POP3 greeting: \"" + clip(line) + "\"");
    }
}

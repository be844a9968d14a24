package dev.portmonitor.probe;

import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code expect} kind, for a service no other kind speaks: after an optional {@code send} (text
 * with the escapes {@code \r \n \t \0 \\ \xNN}) or {@code sendHex}, the reply must match the
 * regular expression {@code expect} (find, not whole match) within {@code readLimit} bytes (64 KiB
 * at most). Each received byte is one character (ISO-8859-1), so {@code \xNN} in the expression
 * matches the byte NN. It reads until the expression matches (healthy), the server closes, the read
 * limit is reached (BAD_RESPONSE "reply did not match ...") or the timeout (TIMEOUT, saying what
 * arrived). With {@code tls: true} TLS starts at once and the certificate is checked, as {@code tls}
 * does. No goodbye: the check closes after the verdict. There is no default port.
 */
final class ExpectProbe extends Dialogue {

    /**
     * @param send what is sent first, one character a byte (ISO-8859-1); null to send nothing
     * @param readLimit how many bytes of the reply are matched at most
     */
    record Settings(String send, Pattern expect, int readLimit, boolean tls, TlsSettings tlsSettings)
            implements ProbeSettings, DialogueProbe.TlsAware {
        @Override
        public String fingerprint() {
            // What is sent may hold a password (AUTH ...): only a digest of it, enough to compare configurations.
            return "send=" + (send == null ? null : "sha256:" + digest(send)) + ",expect=" + (expect == null ? null : expect.pattern())
                    + ",readLimit=" + readLimit + ",tls=" + tls + (tls ? "," + tlsSettings.fingerprint() : "");
        }

        byte[] sendBytes() {
            return send == null ? null : send.getBytes(StandardCharsets.ISO_8859_1);
        }
    }

    static final ProbeKind KIND = new ProbeKind("expect", 0,
            TlsSettings.keysWith(List.of("send", "sendHex", "expect", "readLimit", "tls")), ExpectProbe::bind,
            connector -> new DialogueProbe<>(connector, Settings.class, (target, settings) -> new ExpectProbe(settings),
                    Settings::tls));

    private final Settings settings;
    private String seen = "";

    private ExpectProbe(Settings settings) {
        this.settings = settings;
    }

    static Settings bind(SettingsReader reader) {
        String text = reader.text("send");
        String hex = reader.text("sendHex");
        String send = null;
        if (text != null && hex != null) {
            reader.problem("sendHex", "give send or sendHex, not both");
        } else if (text != null) {
            send = unescape(reader, text);
        } else if (hex != null) {
            send = hex(reader, hex);
        }
        String given = reader.text("expect");
        Pattern expect = reader.regex("expect", given);
        if (given == null) {
            reader.problem("expect", "is required: the regular expression the reply must match, like ^\\+PONG or ^SSH-2\\.0-");
        }
        if (expect != null && expect.matcher("").find()) {
            reader.problem("expect", "/" + expect.pattern() + "/ matches an empty reply, so any server would pass; give what"
                    + " the reply must contain, like ^\\+PONG");
        }
        Integer limit = reader.integer("readLimit", 1, Conversation.READ_LIMIT);
        boolean tls = Boolean.TRUE.equals(reader.bool("tls"));
        return new Settings(send, expect, limit == null ? Conversation.READ_LIMIT : limit, tls, TlsSettings.read(reader));
    }

    /** {@code send}'s text with its escapes decoded; other characters as UTF-8. */
    static String unescape(SettingsReader reader, String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            if (c != '\\') {
                out.writeBytes(new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(c);
                continue;
            }
            if (i + 1 >= text.length()) {
                reader.problem("send", "\"" + text + "\" ends with a lone \\; write \\\\ for a backslash");
                return null;
            }
            char escape = text.charAt(i + 1);
            switch (escape) {
                case 'r' -> out.write('\r');
                case 'n' -> out.write('\n');
                case 't' -> out.write('\t');
                case '0' -> out.write(0);
                case '\\' -> out.write('\\');
                case 'x' -> {
                    if (i + 4 > text.length() || !text.substring(i + 2, i + 4).matches("[0-9A-Fa-f]{2}")) {
                        reader.problem("send", "\"" + text + "\" has \\x without two hex digits after it; write a byte as"
                                + " \\xNN, like \\x00 or \\x1b");
                        return null;
                    }
                    out.write(Integer.parseInt(text.substring(i + 2, i + 4), 16));
                    i += 2;
                }
                default -> {
                    reader.problem("send", "\"" + text + "\" has the unknown escape \\" + escape + "; the escapes are \\r, \\n,"
                            + " \\t, \\0, \\\\ and \\xNN");
                    return null;
                }
            }
            i += 2;
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    /** {@code sendHex}: pairs of hex digits, with optional spaces or colons between bytes. */
    static String hex(SettingsReader reader, String text) {
        String digits = text.replaceAll("[\\s:]", "");
        if (!digits.matches("([0-9A-Fa-f]{2})+")) {
            reader.problem("sendHex", "\"" + text + "\" is not hex bytes; write two hex digits a byte, optionally with spaces,"
                    + " like 50494e470d0a or 50 49 4e 47 0d 0a");
            return null;
        }
        return new String(HexFormat.of().parseHex(digits), StandardCharsets.ISO_8859_1);
    }

    private static String digest(String send) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(send.getBytes(StandardCharsets.ISO_8859_1));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected String service() {
        return "the service";
    }

    @Override
    protected byte[] opening() {
        return settings.tls() ? null : settings.sendBytes();
    }

    @Override
    protected Reply secured() {
        byte[] send = settings.sendBytes();
        return send == null ? Reply.more() : Reply.send(send);
    }

    @Override
    protected Reply received(ByteBuf in) {
        // Nothing is consumed: the reply so far is matched as a whole each time more arrives.
        int length = Math.min(in.readableBytes(), settings.readLimit());
        String text = in.toString(in.readerIndex(), length, StandardCharsets.ISO_8859_1);
        seen = preview(in, 60);
        Matcher matcher = settings.expect().matcher(text);
        if (matcher.find()) {
            return Reply.healthy(ServiceDetails.of("matched", clip(matcher.group()), "receivedBytes", (long) length), null);
        }
        if (in.readableBytes() >= settings.readLimit()) {
            return Reply.badResponse("reply did not match " + regex() + " in the first " + settings.readLimit()
                    + " bytes (readLimit): " + seen);
        }
        return Reply.more();
    }

    @Override
    protected Reply closed(long received) {
        if (received == 0) {
            return super.closed(received);
        }
        return Reply.badResponse("reply did not match " + regex() + " before the server closed the connection (" + received
                + " bytes): " + seen);
    }

    @Override
    protected String awaited() {
        return "reply matching " + regex();
    }

    private String regex() {
        return "/" + settings.expect().pattern() + "/";
    }
}

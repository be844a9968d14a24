package dev.portmonitor.probe;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code smtp} (25) and {@code submission} (587) kinds: the 220 banner (continued over
 * {@code 220-} lines or not), {@code EHLO}, and {@code QUIT}. A 421 or 554 banner is a server that
 * refuses sessions now: UNHEALTHY. With TLS ({@code submission} by default, {@code smtp} with
 * {@code tls: true}) the EHLO answer must offer STARTTLS; then {@code STARTTLS}, its 220, the
 * handshake and the certificate checks, and {@code EHLO} again over TLS. It never sends MAIL, RCPT
 * or AUTH: no mail, no authentication attempt is ever logged.
 */
final class SmtpProbe extends Dialogue {

    record Settings(String helo, boolean tls, TlsSettings tlsSettings) implements ProbeSettings, DialogueProbe.TlsAware {
        @Override
        public String fingerprint() {
            return "helo=" + helo + ",tls=" + tls + (tls ? "," + tlsSettings.fingerprint() : "");
        }
    }

    static final String DEFAULT_HELO = "port-monitor.invalid";

    private static final List<String> KEYS = TlsSettings.keysWith(List.of("helo", "tls"));

    static final ProbeKind KIND = new ProbeKind("smtp", 25, KEYS, reader -> bind(reader, false),
            connector -> new DialogueProbe<>(connector, Settings.class, SmtpProbe::new, false));

    static final ProbeKind SUBMISSION = new ProbeKind("submission", 587, KEYS, reader -> bind(reader, true),
            connector -> new DialogueProbe<>(connector, Settings.class, SmtpProbe::new, false));

    private static final byte[] QUIT = ascii("QUIT\r\n");

    private enum Step { BANNER, EHLO, STARTTLS, SECURED_EHLO }

    private final Settings settings;
    private Step step = Step.BANNER;
    private String banner;

    private SmtpProbe(Settings settings) {
        this.settings = settings;
    }

    static Settings bind(SettingsReader reader, boolean tlsByDefault) {
        String helo = reader.text("helo");
        if (helo != null && !helo.matches("[A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f.:]{2,45}]")) {
            reader.problem("helo", "\"" + helo + "\" is not a host name for EHLO; give this machine's name, like monitor.example.com");
            helo = null;
        }
        Boolean tls = reader.bool("tls");
        return new Settings(helo == null ? DEFAULT_HELO : helo, tls == null ? tlsByDefault : tls, TlsSettings.read(reader));
    }

    @Override
    protected byte[] opening() {
        return null; // the server speaks first
    }

    @Override
    protected String service() {
        return "SMTP";
    }

    @Override
    protected Reply received(ByteBuf in) {
        int start = in.readerIndex();
        List<String> lines = new ArrayList<>();
        while (true) {
            if (in.readableBytes() >= 4 && !isReplyStart(in)) {
                return Reply.badResponse("not an SMTP reply" + (step == Step.BANNER ? " (banner)" : "") + ": " + preview(in, 40));
            }
            String line = readLine(in);
            if (line == null) {
                in.readerIndex(start); // wait for the whole (multi-line) reply
                return Reply.more();
            }
            if (line.length() < 3 || !isCode(line)) {
                return Reply.badResponse("not an SMTP reply: \"" + clip(line) + "\"");
            }
            lines.add(line);
            if (line.length() == 3 || line.charAt(3) != '-') {
                break;
            }
        }
        int code = Integer.parseInt(lines.get(0).substring(0, 3));
        String text = text(lines.get(0));
        return switch (step) {
            case BANNER -> banner(code, text, lines);
            case EHLO, SECURED_EHLO -> ehlo(code, lines);
            case STARTTLS -> startTls(code, lines);
        };
    }

    private Reply banner(int code, String text, List<String> lines) {
        if (code == 220) {
            banner = text;
            step = Step.EHLO;
            return Reply.send("EHLO " + settings.helo() + "\r\n");
        }
        if (code == 421 || code == 554) {
            return Reply.unhealthy("SMTP server refuses sessions: " + clip(String.join(" ", lines)), details(null), QUIT);
        }
        return Reply.badResponse("SMTP banner is not 220: \"" + clip(lines.get(0)) + "\"");
    }

    private Reply ehlo(int code, List<String> lines) {
        String command = step == Step.SECURED_EHLO ? "EHLO over TLS" : "EHLO";
        if (code != 250) {
            return Reply.unhealthy("SMTP server answered " + command + " with \"" + clip(String.join(" ", lines)) + "\"",
                    details(step == Step.SECURED_EHLO ? Boolean.TRUE : null), QUIT);
        }
        if (step == Step.SECURED_EHLO) {
            return Reply.healthy(details(Boolean.TRUE), QUIT);
        }
        boolean offered = false;
        for (String line : lines.subList(1, lines.size())) {
            String keyword = text(line).strip().toUpperCase(Locale.ROOT);
            if (keyword.equals("STARTTLS") || keyword.startsWith("STARTTLS ")) {
                offered = true;
            }
        }
        if (!settings.tls()) {
            return Reply.healthy(details(offered), QUIT);
        }
        if (!offered) {
            return new Verdict(Outcome.TLS_ERROR, "STARTTLS missing: the server does not offer STARTTLS in its EHLO answer"
                    + " (the check asks for TLS; tls: false checks without it)", details(false), QUIT);
        }
        step = Step.STARTTLS;
        return Reply.send("STARTTLS\r\n");
    }

    private Reply startTls(int code, List<String> lines) {
        if (code == 220) {
            return Reply.startTls();
        }
        return new Verdict(Outcome.TLS_ERROR, "SMTP server answered STARTTLS with \"" + clip(String.join(" ", lines)) + "\"",
                details(true), QUIT);
    }

    @Override
    protected Reply secured() {
        step = Step.SECURED_EHLO;
        return Reply.send("EHLO " + settings.helo() + "\r\n");
    }

    private ServiceDetails details(Boolean starttls) {
        return ServiceDetails.of("banner", banner, "starttls", starttls);
    }

    private static boolean isReplyStart(ByteBuf in) {
        int i = in.readerIndex();
        return Character.isDigit(in.getByte(i)) && Character.isDigit(in.getByte(i + 1)) && Character.isDigit(in.getByte(i + 2))
                && (in.getByte(i + 3) == ' ' || in.getByte(i + 3) == '-' || in.getByte(i + 3) == '\r' || in.getByte(i + 3) == '\n');
    }

    private static boolean isCode(String line) {
        return Character.isDigit(line.charAt(0)) && Character.isDigit(line.charAt(1)) && Character.isDigit(line.charAt(2))
                && (line.length() == 3 || line.charAt(3) == ' ' || line.charAt(3) == '-');
    }

    private static String text(String line) {
        return line.length() > 4 ? line.substring(4) : "";
    }
}

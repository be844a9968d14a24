package dev.portmonitor.probe;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One protocol's side of a check, written as a function of what the server has sent: what to send
 * first, and for everything received, whether to wait for more, send something, start TLS, or give
 * the verdict with the protocol's goodbye. A {@link Conversation} drives it; one instance per check,
 * every call on the connection's event loop, so it may keep state in plain fields.
 */
public abstract class Dialogue {

    /** Bytes to send as soon as the connection (and implicit TLS) is up; null to wait for the server to speak. */
    protected abstract byte[] opening();

    /**
     * Everything the server sent that was not consumed yet is readable in {@code in}; consume what
     * was understood (advance the reader index), leave the rest for the next call.
     */
    protected abstract Reply received(ByteBuf in);

    /**
     * After {@link Reply#startTls()}: the handshake succeeded (its findings are in the conversation's
     * TLS details); what to send now, typically the greeting again. By default, the verdict is healthy.
     */
    protected Reply secured() {
        return Reply.healthy(null, null);
    }

    /** The server closed the connection before a verdict, after sending {@code received} bytes. */
    protected Reply closed(long received) {
        return Reply.badResponse(received == 0
                ? "the server accepted the connection and closed it without a word (a load balancer with no backend, or another service)"
                : "the server closed the connection after " + received + " bytes, before a complete answer");
    }

    /**
     * More than {@link Conversation#READ_LIMIT} bytes arrived without a verdict; {@code in} holds what
     * was not consumed of the first {@code READ_LIMIT} bytes, all of which {@link #received} has seen.
     * By default BAD_RESPONSE; a kind that can judge what arrived (an HTTP body cut at the limit)
     * gives its verdict here. Anything but a verdict is taken as the default.
     */
    protected Reply readLimitReached(ByteBuf in) {
        return overLimit(service(), in);
    }

    static Reply overLimit(String service, ByteBuf in) {
        return Reply.badResponse("no complete " + service + " answer in the first " + Conversation.READ_LIMIT + " bytes ("
                + preview(in, 40) + ")");
    }

    /** What the check was waiting for when the timeout came, for its message: "complete Redis answer". */
    protected String awaited() {
        return "complete " + service() + " answer";
    }

    /** What the kind calls the service in messages: "PostgreSQL", "Redis". */
    protected abstract String service();

    /** What to do next. */
    public sealed interface Reply {

        /** Wait for more bytes. */
        static Reply more() {
            return More.INSTANCE;
        }

        /** Send these bytes, then wait for the answer. */
        static Reply send(byte[] bytes) {
            return new Send(bytes);
        }

        static Reply send(String ascii) {
            return new Send(ascii.getBytes(StandardCharsets.US_ASCII));
        }

        /** Start TLS on the connection now (STARTTLS, SSLRequest); {@link Dialogue#secured()} follows. */
        static Reply startTls() {
            return StartTls.INSTANCE;
        }

        /** Healthy; what was learned, and the goodbye to send before closing (null for none). */
        static Reply healthy(ProbeDetails details, byte[] goodbye) {
            return new Verdict(Outcome.OPEN, null, details, goodbye);
        }

        /** Answered and usable, with a warning a person should act on. */
        static Reply degraded(String reason, ProbeDetails details, byte[] goodbye) {
            return new Verdict(Outcome.DEGRADED, reason, details, goodbye);
        }

        /** Its protocol says it is not ready. */
        static Reply unhealthy(String reason, ProbeDetails details, byte[] goodbye) {
            return new Verdict(Outcome.UNHEALTHY, reason, details, goodbye);
        }

        /** What answered does not speak the protocol. */
        static Reply badResponse(String reason) {
            return new Verdict(Outcome.BAD_RESPONSE, reason, null, null);
        }
    }

    record More() implements Reply {
        static final More INSTANCE = new More();
    }

    record Send(byte[] bytes) implements Reply {
        Send {
            Objects.requireNonNull(bytes, "bytes");
        }
    }

    record StartTls() implements Reply {
        static final StartTls INSTANCE = new StartTls();
    }

    /** The end of the check. */
    record Verdict(Outcome outcome, String reason, ProbeDetails details, byte[] goodbye) implements Reply {
        Verdict {
            Objects.requireNonNull(outcome, "outcome");
        }
    }

    /** Printable text of at most {@code max} characters from the start of the readable bytes, for messages. */
    protected static String preview(ByteBuf in, int max) {
        int length = Math.min(in.readableBytes(), max);
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int b = in.getUnsignedByte(in.readerIndex() + i);
            if (b == '\r' || b == '\n') {
                out.append(b == '\n' ? "\\n" : "\\r");
            } else if (b >= 0x20 && b < 0x7f) {
                out.append((char) b);
            } else {
                out.append(String.format("\\x%02x", b));
            }
        }
        return out + (in.readableBytes() > max ? "..." : "");
    }

    /**
     * The next line (up to and without CRLF or LF) consumed from {@code in}, as ISO-8859-1 text, or
     * null when no complete line has arrived yet.
     */
    protected static String readLine(ByteBuf in) {
        int end = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
        if (end < 0) {
            return null;
        }
        int length = end - in.readerIndex();
        String line = in.toString(in.readerIndex(), length, StandardCharsets.ISO_8859_1);
        in.readerIndex(end + 1);
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    /** At most 120 characters of a server's text, for a message. */
    protected static String clip(String text) {
        String printable = text.replaceAll("\\p{Cntrl}", "?");
        return printable.length() > 120 ? printable.substring(0, 120) + "..." : printable;
    }

    protected static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}

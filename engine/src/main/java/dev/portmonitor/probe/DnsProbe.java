package dev.portmonitor.probe;

import dev.portmonitor.format.Durations;
import dev.portmonitor.probe.Dialogue.Verdict;
import dev.portmonitor.target.Target;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DefaultDnsRecordDecoder;
import io.netty.handler.codec.dns.DnsPtrRecord;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsRawRecord;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordDecoder;
import io.netty.handler.codec.dns.DnsRecordEncoder;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.util.NetUtil;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The {@code dns} kind: one standard query (the configured name and type, RD set unless
 * {@code recursion: false}, no EDNS) over UDP or TCP, and the answer judged: the id and the
 * question must be the query's and the QR bit set, or it is BAD_RESPONSE; NOERROR (with records or
 * none) and NXDOMAIN are a server that works (OPEN, with the rcode, the answer count, the first
 * answers' data, AA and TC in the details); SERVFAIL, REFUSED, NOTIMP, FORMERR and any other rcode
 * are UNHEALTHY ("DNS server answered REFUSED to example.com A"); no answer is the timeout outcome.
 * A truncated UDP answer (TC) is OPEN, noted: the server answered.
 *
 * <p>Over TCP the query is a {@link Dialogue} (the message behind a 2-byte length) on the shared
 * {@link Connector}. Over UDP the connector resolves the name and applies the administrator's policy
 * ({@link Connector#resolve}) exactly as for a connect, then a UDP channel of the same transport on
 * the same event loop is connected to each allowed address in turn, with its share of the timeout:
 * connected, the kernel hands it datagrams from that address alone (others are dropped, and a
 * datagram from another sender is ignored here too) and reports an ICMP port unreachable, which is
 * REFUSED. One datagram per address, with a random id; no retransmission (a lost datagram is a
 * timeout, which the monitor's confirmation count absorbs).
 *
 * <p>Encoding and decoding use Netty's {@code netty-codec-dns} (the Netty release the engine already
 * runs on) for what is easy to get wrong: names with compression pointers (bounded, loop-checked),
 * questions, resource records and their types. Its message-level encoder and decoder are pipeline
 * handlers (package-private underneath) that would take the bytes away from the {@link Dialogue}
 * over TCP, so the 12-byte header is written and read here, and both transports share one parser.
 *
 * <p>A good guest: one query per check, no zone transfer, nothing but the question asked; the
 * channel is closed after the answer (TCP: no goodbye exists in DNS, the client closes).
 */
final class DnsProbe implements Probe {

    /** How the query travels. */
    enum Transport { UDP, TCP }

    /**
     * @param query the name asked, absolute (with its final dot): {@code example.com.}, {@code .}
     */
    record Settings(String query, DnsRecordType type, Transport transport, boolean recursion) implements ProbeSettings {
        @Override
        public String fingerprint() {
            return "query=" + query + ",type=" + type.name() + ",transport=" + transport.name().toLowerCase(Locale.ROOT)
                    + ",recursion=" + recursion;
        }
    }

    static final ProbeKind KIND = new ProbeKind("dns", 53, List.of("query", "type", "transport", "recursion"),
            DnsProbe::bind, DnsProbe::new);

    /** The record types a check may ask for, by their names. */
    static final Map<String, DnsRecordType> TYPES = types(DnsRecordType.A, DnsRecordType.AAAA, DnsRecordType.NS,
            DnsRecordType.MX, DnsRecordType.SOA, DnsRecordType.TXT, DnsRecordType.CNAME, DnsRecordType.PTR,
            DnsRecordType.SRV, DnsRecordType.CAA);

    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_-]{1,63}");
    private static final String[] RCODES = {"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED", "YXDOMAIN",
        "YXRRSET", "NXRRSET", "NOTAUTH", "NOTZONE"};
    /** The answers whose data the details show. */
    private static final int SHOWN = 5;

    private final Connector connector;
    private final Probe tcp;

    DnsProbe(Connector connector) {
        this.connector = connector;
        this.tcp = new DialogueProbe<>(connector, Settings.class, settings -> new TcpQuery(new Query(settings)), false);
    }

    static Settings bind(SettingsReader reader) {
        String text = reader.text("query");
        String query = ".";
        if (text != null) {
            String name = absolute(text.strip());
            if (name == null) {
                reader.problem("query", "\"" + text + "\" is not a DNS name: labels of 1 to 63 letters, digits, - or _,"
                        + " separated by dots, 253 characters at most; or . for the root");
            } else {
                query = name;
            }
        }
        DnsRecordType type = query.equals(".") ? DnsRecordType.NS : DnsRecordType.A;
        String typeText = reader.text("type");
        if (typeText != null) {
            DnsRecordType named = TYPES.get(typeText.strip().toUpperCase(Locale.ROOT));
            if (named == null) {
                reader.problem("type", "\"" + typeText + "\" is not a record type a dns check asks for; the types are "
                        + String.join(", ", TYPES.keySet()));
            } else {
                type = named;
            }
        }
        Transport transport = Transport.UDP;
        String transportText = reader.text("transport");
        if (transportText != null) {
            switch (transportText.strip().toLowerCase(Locale.ROOT)) {
                case "udp" -> transport = Transport.UDP;
                case "tcp" -> transport = Transport.TCP;
                default -> reader.problem("transport", "\"" + transportText + "\" is not a transport; the transports are udp and tcp");
            }
        }
        Boolean recursion = reader.bool("recursion");
        return new Settings(query, type, transport, recursion == null || recursion);
    }

    /** The name with its final dot, or null when it is not a host-style DNS name. */
    static String absolute(String name) {
        if (name.equals(".")) {
            return ".";
        }
        String relative = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (relative.isEmpty() || relative.length() > 253) {
            return null;
        }
        for (String label : relative.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return null;
            }
        }
        return relative + ".";
    }

    @Override
    public CompletableFuture<ProbeResult> probe(Target target, ProbeOptions options, ProbeSettings settings) {
        Settings own = (Settings) settings;
        if (own.transport() == Transport.TCP) {
            return tcp.probe(target, options, settings);
        }
        return connector.resolve(target, options).thenCompose(resolved -> resolved.failure() != null
                ? CompletableFuture.completedFuture(resolved.failure())
                : new UdpExchange(connector, resolved, options, own).start());
    }

    /** One query: its id and bytes, and how an answer to it is judged. */
    static final class Query {
        final Settings settings;
        final int id = ThreadLocalRandom.current().nextInt(0x10000);
        final byte[] message;

        Query(Settings settings) {
            this.settings = settings;
            ByteBuf out = Unpooled.buffer(64);
            try {
                out.writeShort(id);
                out.writeShort(settings.recursion() ? 0x0100 : 0); // QR 0, opcode QUERY, RD
                out.writeShort(1).writeShort(0).writeShort(0).writeShort(0);
                DnsRecordEncoder.DEFAULT.encodeQuestion(new DefaultDnsQuestion(settings.query(), settings.type()), out);
                message = ByteBufUtil.getBytes(out);
            } catch (Exception e) {
                throw new IllegalStateException("cannot encode the question " + asked(), e);
            } finally {
                out.release();
            }
        }

        /** "example.com A", ". NS": the question in messages. */
        String asked() {
            String name = settings.query().equals(".") ? "." : settings.query().substring(0, settings.query().length() - 1);
            return name + " " + settings.type().name();
        }

        /** The verdict on one whole DNS message (without TCP's length prefix). */
        Verdict judge(ByteBuf in) {
            if (in.readableBytes() < 12) {
                return bad("a DNS message shorter than its 12-byte header (" + in.readableBytes() + " bytes: "
                        + Dialogue.preview(in, 40) + ")");
            }
            int start = in.readerIndex();
            int answerId = in.getUnsignedShort(start);
            int flags = in.getUnsignedShort(start + 2);
            int questions = in.getUnsignedShort(start + 4);
            int answers = in.getUnsignedShort(start + 6);
            if (answerId != id) {
                return bad("a DNS answer to another query (id " + answerId + "; the check's query had id " + id + ")");
            }
            if ((flags & 0x8000) == 0) {
                return bad("not a DNS answer: the message is a query (QR bit clear)");
            }
            int opcode = (flags >> 11) & 0xf;
            if (opcode != 0) {
                return bad("not a DNS answer to a standard query (opcode " + opcode + ")");
            }
            int rcode = flags & 0xf;
            boolean authoritative = (flags & 0x0400) != 0;
            boolean truncated = (flags & 0x0200) != 0;
            in.skipBytes(12);
            if (questions > 1) {
                return bad("a DNS answer with " + questions + " questions; the check asked one");
            }
            if (questions == 0 && rcode == 0) {
                return bad("a DNS answer without the question (NOERROR, no question section)");
            }
            if (questions == 1) {
                DnsQuestion question;
                try {
                    question = DnsRecordDecoder.DEFAULT.decodeQuestion(in);
                } catch (Exception e) {
                    return bad("a DNS answer whose question cannot be read (" + e.getMessage() + ")");
                }
                if (!question.name().equalsIgnoreCase(settings.query()) || !question.type().equals(settings.type())
                        || question.dnsClass() != DnsRecord.CLASS_IN) {
                    return bad("a DNS answer to another question (" + question.name() + " " + question.type().name()
                            + "; the check asked " + asked() + ")");
                }
            }
            String rcodeName = rcode < RCODES.length ? RCODES[rcode] : "RCODE " + rcode;
            if (rcode != 0 && rcode != 3) {
                return new Verdict(Outcome.UNHEALTHY, "DNS server answered " + rcodeName + " to " + asked(),
                        ServiceDetails.of("rcode", rcodeName, "authoritative", authoritative), null);
            }
            List<String> data = new ArrayList<>();
            int read = 0;
            for (; read < answers; read++) {
                DnsRecord record;
                try {
                    record = DnsRecordDecoder.DEFAULT.decodeRecord(in);
                } catch (Exception e) {
                    if (truncated) {
                        break;
                    }
                    return bad("a DNS answer whose record " + (read + 1) + " cannot be read (" + e.getMessage() + ")");
                }
                if (record == null) { // cut short
                    if (truncated) {
                        break;
                    }
                    return bad("a DNS answer cut short in record " + (read + 1) + " of " + answers + " (TC bit clear)");
                }
                try {
                    if (data.size() < SHOWN) {
                        data.add(Dialogue.clip(data(record)));
                    }
                } finally {
                    ReferenceCountUtil.release(record);
                }
            }
            String shown = String.join(", ", data) + (answers > data.size() && read == answers ? ", ..." : "");
            String note;
            if (rcode == 3) {
                note = "NXDOMAIN: " + asked() + " does not exist (the server answered)";
            } else if (answers == 0) {
                note = "NOERROR, no " + settings.type().name() + " record (NODATA)";
            } else {
                note = "NOERROR, " + answers + (answers == 1 ? " answer: " : " answers: ") + shown;
            }
            if (truncated) {
                note += "; truncated (TC): the whole answer needs TCP";
            }
            return new Verdict(Outcome.OPEN, null, ServiceDetails.of("rcode", rcodeName, "answers", answers,
                    "data", data.isEmpty() ? null : shown, "authoritative", authoritative, "truncated", truncated,
                    "note", note), null);
        }

        private static Verdict bad(String reason) {
            return new Verdict(Outcome.BAD_RESPONSE, reason, null, null);
        }
    }

    /** A record's data as a zone file writes it: {@code 192.0.2.1}, {@code 10 mail.example.com.}. */
    static String data(DnsRecord record) {
        if (record instanceof DnsPtrRecord ptr) {
            return ptr.hostname();
        }
        if (!(record instanceof DnsRawRecord raw)) {
            return record.type().name();
        }
        ByteBuf content = raw.content().duplicate();
        int type = record.type().intValue();
        int length = content.readableBytes();
        if ((type == 1 && length == 4) || (type == 28 && length == 16)) {
            return NetUtil.bytesToIpAddress(ByteBufUtil.getBytes(content));
        }
        try {
            switch (type) {
                case 2, 5, 12, 39 -> { // NS, CNAME, PTR, DNAME
                    return DefaultDnsRecordDecoder.decodeName(content);
                }
                case 15 -> { // MX
                    int preference = content.readUnsignedShort();
                    return preference + " " + DefaultDnsRecordDecoder.decodeName(content);
                }
                case 6 -> { // SOA
                    String primary = DefaultDnsRecordDecoder.decodeName(content);
                    String mailbox = DefaultDnsRecordDecoder.decodeName(content);
                    return primary + " " + mailbox + " " + content.readUnsignedInt() + " " + content.readUnsignedInt() + " "
                            + content.readUnsignedInt() + " " + content.readUnsignedInt() + " " + content.readUnsignedInt();
                }
                case 33 -> { // SRV
                    return content.readUnsignedShort() + " " + content.readUnsignedShort() + " " + content.readUnsignedShort()
                            + " " + DefaultDnsRecordDecoder.decodeName(content);
                }
                case 16 -> { // TXT
                    List<String> strings = new ArrayList<>();
                    while (content.isReadable()) {
                        int size = content.readUnsignedByte();
                        strings.add("\"" + content.readCharSequence(size, StandardCharsets.UTF_8) + "\"");
                    }
                    return String.join(" ", strings);
                }
                case 257 -> { // CAA
                    int flags = content.readUnsignedByte();
                    int tagLength = content.readUnsignedByte();
                    String tag = content.readCharSequence(tagLength, StandardCharsets.US_ASCII).toString();
                    return flags + " " + tag + " \"" + content.toString(StandardCharsets.UTF_8) + "\"";
                }
                default -> {
                    return unknown(raw);
                }
            }
        } catch (RuntimeException e) {
            return unknown(raw);
        }
    }

    /** RFC 3597's form for data this kind does not spell out: {@code \# 4 c0000201}. */
    private static String unknown(DnsRawRecord raw) {
        ByteBuf content = raw.content();
        int length = content.readableBytes();
        return "\\# " + length + (length == 0 ? "" : " " + ByteBufUtil.hexDump(content, content.readerIndex(), Math.min(length, 48))
                + (length > 48 ? "..." : ""));
    }

    private static Map<String, DnsRecordType> types(DnsRecordType... types) {
        Map<String, DnsRecordType> map = new LinkedHashMap<>();
        for (DnsRecordType type : types) {
            map.put(type.name(), type);
        }
        return java.util.Collections.unmodifiableMap(map);
    }

    /** DNS over TCP: the query behind its 2-byte length, the answer read the same way. */
    static final class TcpQuery extends Dialogue {
        private final Query query;

        TcpQuery(Query query) {
            this.query = query;
        }

        @Override
        protected byte[] opening() {
            byte[] framed = new byte[query.message.length + 2];
            framed[0] = (byte) (query.message.length >> 8);
            framed[1] = (byte) query.message.length;
            System.arraycopy(query.message, 0, framed, 2, query.message.length);
            return framed;
        }

        @Override
        protected Reply received(ByteBuf in) {
            if (in.readableBytes() < 2) {
                return Reply.more();
            }
            int length = in.getUnsignedShort(in.readerIndex());
            if (length < 12) {
                return Reply.badResponse("not a DNS message over TCP: a length of " + length + " bytes ("
                        + preview(in, 40) + ")");
            }
            if (in.readableBytes() < 2 + length) {
                return Reply.more();
            }
            ByteBuf message = in.slice(in.readerIndex() + 2, length);
            in.skipBytes(2 + length);
            return query.judge(message);
        }

        @Override
        protected Reply closed(long received) {
            return received == 0 ? Reply.badResponse("the server closed the TCP connection without a DNS answer (a resolver"
                    + " whose upstream failed, or not a DNS server)") : super.closed(received);
        }

        @Override
        protected String service() {
            return "DNS";
        }
    }

    /**
     * DNS over UDP: each allowed address in turn, one datagram each, within its share of the
     * timeout. Every step after the resolution runs on the probe's event loop.
     */
    private static final class UdpExchange {
        final Connector connector;
        final Connector.Resolved resolved;
        final ProbeOptions options;
        final Settings settings;
        final CompletableFuture<ProbeResult> result = new CompletableFuture<>();
        final StringBuilder attempts = new StringBuilder();

        UdpExchange(Connector connector, Connector.Resolved resolved, ProbeOptions options, Settings settings) {
            this.connector = connector;
            this.resolved = resolved;
            this.options = options;
            this.settings = settings;
        }

        CompletableFuture<ProbeResult> start() {
            if (resolved.loop().inEventLoop()) {
                attempt(0);
            } else {
                resolved.loop().execute(() -> attempt(0));
            }
            return result;
        }

        void attempt(int index) {
            try {
                new Attempt(this, index).start();
            } catch (RuntimeException e) {
                result.complete(ProbeResult.failed(resolved.target(), Outcome.ERROR, null, "internal error: " + e,
                        resolved.startedAt()));
            }
        }

        /** After an attempt without an answer: the next address, or the end. */
        void unanswered(int index, InetSocketAddress address, Outcome outcome, String reason) {
            int count = resolved.addresses().size();
            if (count == 1) {
                result.complete(ProbeResult.failed(resolved.target(), outcome, address, reason, resolved.startedAt()));
                return;
            }
            note(address, reason);
            if (index + 1 < count && resolved.deadlineNanos() - System.nanoTime() > 0) {
                attempt(index + 1);
                return;
            }
            for (int untried = index + 1; untried < count; untried++) {
                note(new InetSocketAddress(resolved.addresses().get(untried), resolved.target().port()),
                        "not tried: the timeout was spent");
            }
            result.complete(ProbeResult.failed(resolved.target(), outcome, address, "no address answered: " + attempts,
                    resolved.startedAt()));
        }

        void note(InetSocketAddress address, String reason) {
            if (attempts.length() > 0) {
                attempts.append("; ");
            }
            attempts.append(ProbeResult.format(address)).append(' ').append(reason);
        }
    }

    /** One datagram of a {@link UdpExchange} to one address, on a channel of its own. */
    private static final class Attempt extends ChannelInboundHandlerAdapter {
        final UdpExchange exchange;
        final Connector.Resolved resolved;
        final ProbeOptions options;
        final int index;
        final InetSocketAddress address;
        final Query query;
        final Duration budget;
        Channel channel;
        ScheduledFuture<?> timer;
        long sentNanos;
        boolean done;

        Attempt(UdpExchange exchange, int index) {
            this.exchange = exchange;
            this.resolved = exchange.resolved;
            this.options = exchange.options;
            this.query = new Query(exchange.settings);
            this.index = index;
            this.address = new InetSocketAddress(resolved.addresses().get(index), resolved.target().port());
            long remaining = Math.max(0, resolved.deadlineNanos() - System.nanoTime());
            int left = resolved.addresses().size() - index;
            long nanos = left == 1 ? remaining : remaining / left;
            this.budget = left == 1 && index == 0 ? options.timeout() : Duration.ofMillis((nanos + 999_999) / 1_000_000);
            this.timer = resolved.loop().schedule(this::timedOut, nanos, TimeUnit.NANOSECONDS);
        }

        void start() {
            exchange.connector.datagram(resolved, this).addListener((ChannelFuture registered) -> {
                if (!registered.isSuccess()) {
                    registered.channel().close();
                    resolved.loop().execute(() -> end(Outcome.ERROR, Failure.classify(registered.cause(), budget).reason()));
                    return;
                }
                channel = registered.channel();
                if (done) {
                    channel.close();
                    return;
                }
                channel.connect(address).addListener((ChannelFuture connected) -> {
                    if (!connected.isSuccess()) {
                        failed(connected.cause());
                        return;
                    }
                    sentNanos = System.nanoTime();
                    channel.writeAndFlush(Unpooled.wrappedBuffer(query.message)).addListener((ChannelFuture written) -> {
                        if (!written.isSuccess()) {
                            failed(written.cause());
                        }
                    });
                    channel.config().setAutoRead(true);
                    channel.read();
                });
            });
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (done) {
                    return;
                }
                ByteBuf content;
                SocketAddress sender;
                if (msg instanceof DatagramPacket packet) {
                    content = packet.content();
                    sender = packet.sender();
                } else if (msg instanceof ByteBuf bytes) {
                    content = bytes;
                    sender = null;
                } else {
                    return;
                }
                if (sender != null && !sender.equals(address)) {
                    return; // not the server's: the connected socket should not even pass it
                }
                long micros = (System.nanoTime() - sentNanos) / 1_000;
                Verdict verdict;
                try {
                    verdict = query.judge(content);
                } catch (RuntimeException e) {
                    verdict = new Verdict(Outcome.BAD_RESPONSE, "an answer that is not a DNS message ("
                            + Dialogue.preview(content.readerIndex(0), 40) + ")", null, null);
                }
                answered(verdict, micros);
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            failed(cause);
        }

        void failed(Throwable cause) {
            if (done) {
                return;
            }
            if (portUnreachable(cause)) {
                end(Outcome.REFUSED, "port unreachable: nothing listens on UDP port " + address.getPort()
                        + " (ICMP port unreachable)");
                return;
            }
            Failure failure = Failure.classify(cause, budget);
            end(failure.outcome(), failure.reason());
        }

        void timedOut() {
            if (!done) {
                end(Outcome.TIMEOUT, "no DNS answer within " + Durations.format(budget) + " (one query for " + query.asked()
                        + " over UDP)");
            }
        }

        void answered(Verdict verdict, long micros) {
            done = true;
            timer.cancel(false);
            Outcome outcome = verdict.outcome();
            String reason = verdict.reason();
            Duration slow = options.slowThreshold();
            if (outcome == Outcome.OPEN && slow != null && micros * 1_000 > slow.toNanos()) {
                outcome = Outcome.SLOW;
                reason = "DNS answered in " + Durations.formatLatency(micros) + ", over the " + Durations.format(slow)
                        + " slow threshold";
            }
            ProbeResult probed = new ProbeResult(resolved.target(), outcome, micros, address, reason, resolved.startedAt(),
                    verdict.details(), micros);
            channel.close().addListener(closed -> exchange.result.complete(probed));
        }

        void end(Outcome outcome, String reason) {
            if (done) {
                return;
            }
            done = true;
            timer.cancel(false);
            Runnable next = () -> exchange.unanswered(index, address, outcome, reason);
            if (channel == null) {
                next.run();
            } else {
                channel.close().addListener(closed -> next.run());
            }
        }
    }

    /** An ICMP port unreachable on a connected UDP socket: NIO's exception, or epoll's ECONNREFUSED. */
    static boolean portUnreachable(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof PortUnreachableException
                    || (t.getMessage() != null && t.getMessage().toLowerCase(Locale.ROOT).contains("connection refused"))) {
                return true;
            }
        }
        return false;
    }
}

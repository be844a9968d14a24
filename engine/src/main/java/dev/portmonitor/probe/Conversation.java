package dev.portmonitor.probe;

import dev.portmonitor.format.Durations;
import dev.portmonitor.probe.Dialogue.Reply;
import dev.portmonitor.probe.Dialogue.Send;
import dev.portmonitor.probe.Dialogue.StartTls;
import dev.portmonitor.probe.Dialogue.Verdict;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Drives one {@link Dialogue} over an established connection: sends its opening, hands it what
 * arrives, starts TLS when it asks (or at once, for the implicit-TLS kinds) and judges the
 * certificate, and ends with its verdict, its goodbye and a close. The whole exchange stays within
 * the probe's timeout; at most {@link #READ_LIMIT} bytes are read (the dialogue sees them all, then
 * {@link Dialogue#readLimitReached} judges); the slow threshold applies to the whole exchange. Every step runs on the connection's event loop.
 */
final class Conversation extends ChannelInboundHandlerAdapter {

    /** The most a check reads before it gives up on an answer it cannot parse: far above any greeting. */
    static final int READ_LIMIT = 64 * 1024;

    private final Connection connection;
    private final Channel channel;
    private final ProbeOptions options;
    private final Dialogue dialogue;
    private final TlsClient tlsClient;
    private final TlsSettings tls;
    private final CompletableFuture<ProbeResult> result = new CompletableFuture<>();
    private ByteBuf received;
    private long receivedBytes;
    private ScheduledFuture<?> timeout;
    private SslHandler sslHandler;
    private TlsClient.Finding finding;
    private boolean done;

    private Conversation(Connection connection, ProbeOptions options, Dialogue dialogue, TlsClient tlsClient, TlsSettings tls) {
        this.connection = connection;
        this.channel = connection.channel();
        this.options = options;
        this.dialogue = dialogue;
        this.tlsClient = tlsClient;
        this.tls = tls;
    }

    /**
     * Runs the dialogue on an open connection; completes once the connection is closed, always
     * normally.
     *
     * @param implicitTls start TLS before the dialogue's opening ({@code imaps}, {@code https}, {@code tls})
     */
    static CompletableFuture<ProbeResult> run(Connection connection, ProbeOptions options, Dialogue dialogue,
                                              TlsClient tlsClient, TlsSettings tls, boolean implicitTls) {
        Conversation conversation = new Conversation(connection, options, dialogue, tlsClient, tls);
        Channel channel = connection.channel();
        if (channel.eventLoop().inEventLoop()) {
            conversation.start(implicitTls);
        } else {
            channel.eventLoop().execute(() -> conversation.start(implicitTls));
        }
        return conversation.result;
    }

    private void start(boolean implicitTls) {
        try {
            received = channel.alloc().buffer(256);
            long remaining = connection.deadlineNanos() - System.nanoTime();
            timeout = channel.eventLoop().schedule(this::timedOut, Math.max(0, remaining), TimeUnit.NANOSECONDS);
            channel.pipeline().addLast("conversation", this);
            if (implicitTls) {
                startTls();
            } else {
                begin(dialogue.opening());
            }
            channel.config().setAutoRead(true);
            channel.read();
            if (!channel.isActive()) {
                channelInactive(channel.pipeline().context(this));
            }
        } catch (RuntimeException e) {
            finish(Outcome.ERROR, "internal error: " + e, null, null, false);
        }
    }

    private void begin(byte[] opening) {
        if (opening != null && opening.length > 0) {
            channel.writeAndFlush(Unpooled.wrappedBuffer(opening));
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (done || !(msg instanceof ByteBuf bytes)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        boolean overLimit;
        try {
            // The dialogue sees the first READ_LIMIT bytes and no more.
            long room = Math.max(0, READ_LIMIT - receivedBytes);
            receivedBytes += bytes.readableBytes();
            received.writeBytes(bytes, bytes.readerIndex(), (int) Math.min(room, bytes.readableBytes()));
            overLimit = receivedBytes > READ_LIMIT;
        } finally {
            bytes.release();
        }
        Reply reply = ask(() -> dialogue.received(received));
        if (overLimit && !(reply instanceof Verdict)) {
            reply = ask(() -> dialogue.readLimitReached(received));
            if (!(reply instanceof Verdict)) {
                reply = Dialogue.overLimit(dialogue.service(), received);
            }
        }
        received.discardSomeReadBytes();
        handle(reply);
    }

    private Reply ask(java.util.function.Supplier<Reply> question) {
        try {
            return question.get();
        } catch (RuntimeException e) {
            // A dialogue reading past what arrived, or a parse it did not foresee: a bad answer, said so.
            return Reply.badResponse("an answer that is not " + dialogue.service() + "'s protocol ("
                    + Dialogue.preview(received, 40) + ")");
        }
    }

    private void handle(Reply reply) {
        if (done) {
            return;
        }
        if (reply instanceof Send send) {
            channel.writeAndFlush(Unpooled.wrappedBuffer(send.bytes()));
        } else if (reply instanceof StartTls) {
            received.clear();
            startTls();
        } else if (reply instanceof Verdict verdict) {
            finish(verdict.outcome(), verdict.reason(), verdict.details(), verdict.goodbye(), true);
        }
        // More: wait for the next read
    }

    private void startTls() {
        long remaining = (connection.deadlineNanos() - System.nanoTime()) / 1_000_000;
        sslHandler = tlsClient.handler(channel, connection.target(), tls, remaining);
        channel.pipeline().addFirst("tls", sslHandler);
        sslHandler.handshakeFuture().addListener(handshake -> {
            if (done) {
                return;
            }
            if (!handshake.isSuccess()) {
                finish(Outcome.TLS_ERROR, TlsClient.handshakeFailure(handshake.cause()), null, null, true);
                return;
            }
            finding = tlsClient.judge(sslHandler, connection.target(), tls, Instant.now());
            if (finding.outcome() == Outcome.TLS_ERROR) {
                finish(Outcome.TLS_ERROR, finding.reason(), null, null, true);
                return;
            }
            handle(dialogue.secured());
        });
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!done) {
            if (sslHandler != null && !sslHandler.handshakeFuture().isDone()) {
                finish(Outcome.TLS_ERROR, "the server closed the connection during the TLS handshake", null, null, false);
            } else {
                handle(dialogue.closed(receivedBytes));
            }
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof io.netty.channel.socket.ChannelInputShutdownEvent && !done) {
            handle(dialogue.closed(receivedBytes));
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (done) {
            return;
        }
        if (sslHandler != null && !sslHandler.handshakeFuture().isDone()) {
            return; // the handshake's listener reports it
        }
        if (cause instanceof IOException) {
            finish(Outcome.BAD_RESPONSE, "the server reset the connection " + (receivedBytes == 0 ? "before it answered"
                    : "after " + receivedBytes + " bytes, before a complete answer"), null, null, false);
        } else {
            finish(Outcome.ERROR, "internal error: " + cause, null, null, false);
        }
    }

    private void timedOut() {
        if (done) {
            return;
        }
        String waitedFor = sslHandler != null && !sslHandler.handshakeFuture().isDone() ? "complete TLS handshake"
                : dialogue.awaited();
        finish(Outcome.TIMEOUT, "connected in " + Durations.formatLatency(connection.latencyMicros()) + ", but no "
                + waitedFor + " within the " + Durations.format(options.timeout()) + " timeout"
                + (receivedBytes == 0 ? " (nothing received)" : " (received " + receivedBytes + " bytes: "
                + Dialogue.preview(received.readerIndex(0), 40) + ")"), null, null, false);
    }

    private void finish(Outcome outcome, String reason, ProbeDetails details, byte[] goodbye, boolean answered) {
        if (done) {
            return;
        }
        done = true;
        if (timeout != null) {
            timeout.cancel(false);
        }
        if (received != null) {
            received.release();
        }
        long responseMicros = answered ? (System.nanoTime() - connection.connectStartNanos()) / 1_000 : -1;
        Duration slow = options.slowThreshold();
        if (outcome == Outcome.OPEN && slow != null && responseMicros * 1_000 > slow.toNanos()) {
            outcome = Outcome.SLOW;
            reason = dialogue.service() + " answered in " + Durations.formatLatency(responseMicros) + ", over the "
                    + Durations.format(slow) + " slow threshold";
        }
        if (finding != null && finding.outcome() == Outcome.DEGRADED && outcome.isReachable()) {
            outcome = Outcome.DEGRADED;
            reason = finding.reason();
        }
        ProbeResult probed = new ProbeResult(connection.target(), outcome, connection.latencyMicros(), connection.address(),
                reason, connection.startedAt(), CombinedDetails.of(details, finding == null ? null : finding.details()),
                responseMicros);
        if (goodbye != null && goodbye.length > 0 && channel.isActive()) {
            channel.writeAndFlush(Unpooled.wrappedBuffer(goodbye)).addListener(written -> close(probed));
        } else {
            close(probed);
        }
    }

    private void close(ProbeResult probed) {
        // Completed once closed, so that a caller counting open sockets sees this one gone.
        channel.close().addListener(closed -> result.complete(probed));
    }
}

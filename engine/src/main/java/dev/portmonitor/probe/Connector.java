package dev.portmonitor.probe;

import dev.portmonitor.format.Durations;
import dev.portmonitor.target.Target;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.util.NetUtil;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The TCP connect every probe kind starts with: checks the policy, resolves the host off the event
 * loop, then connects to each address in turn until one answers or the probe's timeout is spent.
 * Hands back the open channel (auto-read off; the caller owns it and closes it) or the classified
 * failure. Every connect shares the transport's event loop group.
 *
 * <p>A kind over another transport (DNS over UDP) takes the same first steps with
 * {@link #resolve(Target, ProbeOptions)}, the policy and the resolution without the connect, and
 * makes its channel with {@link #datagram(Resolved, ChannelHandler)} on the same loops.
 */
public final class Connector {

    private static final ChannelHandler NOTHING = new Sharable();
    private static final String SELF_CONNECT = "Connection refused (the connect reached its own socket: nothing listens)";

    private final ProbeTransport transport;
    private final HostResolver resolver;
    private volatile TlsClient tlsClient;

    public Connector(ProbeTransport transport, HostResolver resolver) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    /** The TLS contexts the probes over this connector share; made when a kind with TLS first needs them. */
    TlsClient tlsClient() {
        TlsClient client = tlsClient;
        if (client == null) {
            synchronized (this) {
                if (tlsClient == null) {
                    tlsClient = new TlsClient();
                }
                client = tlsClient;
            }
        }
        return client;
    }

    /**
     * Connects to one target; the future always completes normally, on the connection's event loop
     * once the connect is done, with an open connection or the failure.
     */
    public CompletableFuture<Connection> connect(Target target, ProbeOptions options) {
        if (transport.group().isShuttingDown()) {
            return CompletableFuture.completedFuture(Connection.failed(ProbeResult.failed(target, Outcome.ERROR, null,
                    "the probe engine is closed", Instant.now())));
        }
        Run run = new Run(target, options, transport.group().next(), null);
        try {
            run.start();
        } catch (RuntimeException e) {
            run.fail(Outcome.ERROR, null, Failure.classify(e, options.timeout()).reason());
        }
        return run.result;
    }

    /**
     * What {@link #connect} does before it connects, for a transport other than TCP: the port and
     * address policy and the resolution, within the timeout. The future always completes normally,
     * on the probe's event loop when addresses were found, with the addresses the policy allows (in
     * the order to try them) or the failure to return as it is.
     */
    CompletableFuture<Resolved> resolve(Target target, ProbeOptions options) {
        if (transport.group().isShuttingDown()) {
            return CompletableFuture.completedFuture(Resolved.failed(ProbeResult.failed(target, Outcome.ERROR, null,
                    "the probe engine is closed", Instant.now())));
        }
        Run run = new Run(target, options, transport.group().next(), new CompletableFuture<>());
        try {
            run.start();
        } catch (RuntimeException e) {
            run.fail(Outcome.ERROR, null, Failure.classify(e, options.timeout()).reason());
        }
        return run.resolved;
    }

    /**
     * A new UDP channel of this transport on the resolution's event loop, registered, not yet bound
     * or connected: the caller connects it to one of the allowed addresses (so that the kernel takes
     * datagrams from that address alone and reports an ICMP port unreachable) and closes it.
     */
    ChannelFuture datagram(Resolved resolved, ChannelHandler handler) {
        return new Bootstrap()
                .group(resolved.loop())
                .channel(transport.datagramType())
                .handler(handler)
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new io.netty.channel.FixedRecvByteBufAllocator(Conversation.READ_LIMIT))
                .register();
    }

    /**
     * The addresses of a target that the policy allows, resolved within the probe's timeout, or the
     * failure (unresolved, blocked...).
     *
     * @param addresses never empty when there is no failure
     * @param loop the event loop the probe runs on
     * @param deadlineNanos {@link System#nanoTime()} by which the whole probe must end
     * @param failure the probe's result when there is nothing to send to; null otherwise
     */
    record Resolved(Target target, List<InetAddress> addresses, EventLoop loop, Instant startedAt, long deadlineNanos,
                    ProbeResult failure) {

        static Resolved failed(ProbeResult failure) {
            return new Resolved(failure.target(), List.of(), null, failure.startedAt(), 0, failure);
        }
    }

    /**
     * Probes a throw-away loopback listener a few times from every event loop, so that the first
     * real probe's latency is not inflated by class loading and linking (milliseconds in a fresh
     * JVM). Best effort: a failure here only means the first latencies read high.
     */
    public void warmUp() {
        try (ServerSocket server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress())) {
            Target local = new Target(server.getInetAddress().getHostAddress(), server.getLocalPort(), null, true);
            ProbeOptions options = ProbeOptions.defaults().withTimeout(Duration.ofSeconds(1));
            for (int round = 0; round < 2; round++) {
                CompletableFuture<?>[] probes = new CompletableFuture<?>[transport.loops() * 2];
                Arrays.setAll(probes, i -> connect(local, options).thenCompose(Connector::close));
                CompletableFuture.allOf(probes).get(2, TimeUnit.SECONDS);
            }
        } catch (IOException | ExecutionException | TimeoutException e) {
            // best effort, see above
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static CompletableFuture<Void> close(Connection connection) {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        if (connection.isOpen()) {
            connection.channel().close().addListener(done -> closed.complete(null));
        } else {
            closed.complete(null);
        }
        return closed;
    }

    /** One connect in progress; every step after resolution runs on its event loop. */
    private final class Run {
        final Target target;
        final ProbeOptions options;
        final EventLoop loop;
        final CompletableFuture<Connection> result = new CompletableFuture<>();
        /** Set for {@link #resolve}: the run ends with the allowed addresses instead of a connect. */
        final CompletableFuture<Resolved> resolved;
        final Instant startedAt = Instant.now();
        final long deadline;
        final StringBuilder attempts = new StringBuilder();
        List<InetAddress> addresses;
        long connectStart; // of the current attempt; attempts run one after another on the loop
        Duration attemptTimeout; // of the current attempt, for its failure reason

        Run(Target target, ProbeOptions options, EventLoop loop, CompletableFuture<Resolved> resolved) {
            this.target = target;
            this.options = options;
            this.loop = loop;
            this.resolved = resolved;
            this.deadline = System.nanoTime() + options.timeout().toNanos();
        }

        void start() {
            String refused = options.policy().refusePort(target);
            if (refused != null) {
                fail(Outcome.BLOCKED, null, refused);
                return;
            }
            InetAddress literal = literal(target.host());
            if (literal != null) {
                allowed(List.of(literal));
                return;
            }
            CompletableFuture<List<InetAddress>> names = resolver.resolve(target.host());
            ScheduledFuture<?> timer = loop.schedule(() -> {
                fail(Outcome.UNRESOLVED, null, "name resolution did not finish within " + Durations.format(options.timeout()));
                names.cancel(false); // a lookup still queued is then skipped, freeing the resolver
            }, remainingNanos(), TimeUnit.NANOSECONDS);
            names.whenComplete((found, error) -> {
                timer.cancel(false);
                if (result.isDone() || (resolved != null && resolved.isDone())) {
                    return;
                }
                if (error != null) {
                    Failure failure = Failure.classify(error, options.timeout());
                    fail(failure.outcome(), null, failure.reason());
                } else if (found == null || found.isEmpty()) {
                    fail(Outcome.UNRESOLVED, null, "name resolves to no address");
                } else {
                    allowed(found);
                }
            });
        }

        /** Connects to the addresses the policy allows, in order; blocked when it allows none. */
        void allowed(List<InetAddress> found) {
            List<InetAddress> permitted = new java.util.ArrayList<>(found.size());
            String firstRefusal = null;
            for (InetAddress address : found) {
                String refusal = options.policy().refuse(target, address);
                if (refusal == null) {
                    permitted.add(address);
                } else if (firstRefusal == null) {
                    firstRefusal = refusal;
                }
            }
            if (permitted.isEmpty()) {
                fail(Outcome.BLOCKED, null, firstRefusal);
                return;
            }
            addresses = permitted;
            if (resolved != null) {
                onLoop(() -> resolved.complete(new Resolved(target, List.copyOf(permitted), loop, startedAt, deadline, null)));
                return;
            }
            onLoop(() -> attempt(0));
        }

        /** Runs on the probe's event loop, or fails the probe if the engine is shutting down. */
        void onLoop(Runnable step) {
            if (loop.inEventLoop()) {
                step.run();
                return;
            }
            try {
                loop.execute(step);
            } catch (RejectedExecutionException e) {
                fail(Outcome.ERROR, null, "the probe engine is closed");
            }
        }

        void attempt(int index) {
            InetSocketAddress address = new InetSocketAddress(addresses.get(index), target.port());
            long remaining = remainingNanos();
            if (remaining <= 0) {
                fail(Outcome.TIMEOUT, address, "no answer within " + Durations.format(options.timeout()));
                return;
            }
            // Each address left gets its share of the time left, so that one silent address (a broken
            // IPv6 route, say) cannot keep the others from being tried; the last one gets all of it.
            int left = addresses.size() - index;
            long budget = left == 1 ? remaining : remaining / left;
            attemptTimeout = left == 1 && index == 0 ? options.timeout() : Duration.ofMillis((budget + 999_999) / 1_000_000);
            Bootstrap bootstrap = new Bootstrap()
                    .group(loop)
                    .channel(transport.channelType())
                    .handler(NOTHING)
                    .option(ChannelOption.AUTO_READ, false)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, (budget + 999_999) / 1_000_000));
            if (options.closeMode() == CloseMode.RESET) {
                bootstrap.option(ChannelOption.SO_LINGER, 0);
            }
            // Register first, so that the latency covers the connect alone, not creating the channel.
            ChannelFuture registered = bootstrap.register();
            registered.addListener((ChannelFuture registration) -> {
                if (!registration.isSuccess()) {
                    // A channel that could not be created (too many open files...) is reported on
                    // Netty's global executor: come back to the loop.
                    registration.channel().close();
                    onLoop(() -> failed(index, address, registration.cause()));
                    return;
                }
                // Made before the clock starts: the first lambda of a JVM costs milliseconds to link.
                ChannelFutureListener onConnect = done -> connected(index, address, done);
                connectStart = System.nanoTime();
                registration.channel().connect(address).addListener(onConnect);
            });
        }

        void connected(int index, InetSocketAddress address, ChannelFuture done) {
            long latencyMicros = (System.nanoTime() - connectStart) / 1_000;
            if (done.isSuccess() && selfConnected(done.channel())) {
                done.channel().close();
                failed(index, address, new ConnectException(SELF_CONNECT));
            } else if (done.isSuccess()) {
                if (!result.complete(Connection.open(target, done.channel(), address, latencyMicros, startedAt,
                        connectStart, deadline))) {
                    done.channel().close(); // nobody is waiting for it any more
                }
            } else {
                done.channel().close();
                failed(index, address, done.cause());
            }
        }

        void failed(int index, InetSocketAddress address, Throwable cause) {
            Failure failure = Failure.classify(cause, attemptTimeout);
            if (addresses.size() == 1) {
                fail(failure.outcome(), address, failure.reason());
                return;
            }
            note(address, failure.reason());
            if (index + 1 < addresses.size() && remainingNanos() > 0) {
                attempt(index + 1);
                return;
            }
            for (int untried = index + 1; untried < addresses.size(); untried++) {
                note(new InetSocketAddress(addresses.get(untried), target.port()), "not tried: the timeout was spent");
            }
            fail(failure.outcome(), address, "no address answered: " + attempts);
        }

        void note(InetSocketAddress address, String reason) {
            if (attempts.length() > 0) {
                attempts.append("; ");
            }
            attempts.append(ProbeResult.format(address)).append(' ').append(reason);
        }

        void fail(Outcome outcome, InetSocketAddress address, String reason) {
            ProbeResult failure = ProbeResult.failed(target, outcome, address, reason, startedAt);
            if (resolved != null) {
                resolved.complete(Resolved.failed(failure));
            } else {
                result.complete(Connection.failed(failure));
            }
        }

        long remainingNanos() {
            return deadline - System.nanoTime();
        }
    }

    /**
     * True when the socket connected to itself. Probing a closed loopback port in the ephemeral
     * range, the kernel may pick that very port as the local one, and TCP's simultaneous open
     * then "succeeds" with nothing listening. Seen once in 5,000 probes of closed ports.
     */
    static boolean selfConnected(Channel channel) {
        SocketAddress local = channel.localAddress();
        return local != null && local.equals(channel.remoteAddress());
    }

    /** The address of an IP literal, without any lookup; null for a host name. */
    static InetAddress literal(String host) {
        if (!NetUtil.isValidIpV4Address(host) && !NetUtil.isValidIpV6Address(host)) {
            return null;
        }
        try {
            return InetAddress.getByName(host); // a literal: only its format is checked, no lookup
        } catch (UnknownHostException e) {
            return null;
        }
    }

    @ChannelHandler.Sharable
    private static final class Sharable extends ChannelInboundHandlerAdapter {
    }
}

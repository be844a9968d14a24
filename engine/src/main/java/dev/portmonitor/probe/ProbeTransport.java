package dev.portmonitor.probe;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The one event loop group every probe runs on: native epoll where the platform has it, NIO
 * otherwise. Its thread count is fixed when it is created and never grows with the number of
 * targets.
 */
public final class ProbeTransport implements AutoCloseable {

    private final EventLoopGroup group;
    private final Class<? extends SocketChannel> channelType;
    private final String kind;

    private ProbeTransport(EventLoopGroup group, Class<? extends SocketChannel> channelType, String kind) {
        this.group = group;
        this.channelType = channelType;
        this.kind = kind;
    }

    /** Native epoll if available, with {@link #defaultThreads()} threads. */
    public static ProbeTransport create() {
        return create(defaultThreads(), true);
    }

    /**
     * @param threads event loop threads; one or two carry thousands of connects a second
     * @param preferNative use epoll when the platform has it
     */
    public static ProbeTransport create(int threads, boolean preferNative) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1: " + threads);
        }
        DefaultThreadFactory factory = new DefaultThreadFactory("pm-probe", true);
        if (preferNative && Epoll.isAvailable()) {
            return new ProbeTransport(new EpollEventLoopGroup(threads, factory), EpollSocketChannel.class, "epoll");
        }
        return new ProbeTransport(new NioEventLoopGroup(threads, factory), NioSocketChannel.class, "nio");
    }

    /**
     * Connects once from every event loop to a throw-away loopback listener, so that the first
     * real probe's latency is not inflated by class loading and linking (about 3 ms otherwise).
     * Best effort: a failure here only means the first latencies read high.
     */
    public void warmUp() {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            InetSocketAddress address = new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
            List<ChannelFuture> connects = new ArrayList<>();
            for (EventExecutor executor : group) {
                connects.add(new Bootstrap().group((EventLoop) executor).channel(channelType)
                        .handler(new ChannelInboundHandlerAdapter()).connect(address));
            }
            for (ChannelFuture connect : connects) {
                connect.awaitUninterruptibly(1, TimeUnit.SECONDS);
                connect.channel().close().awaitUninterruptibly(1, TimeUnit.SECONDS);
            }
        } catch (IOException | RuntimeException e) {
            // best effort, see above
        }
    }

    public static int defaultThreads() {
        return Math.min(2, Runtime.getRuntime().availableProcessors());
    }

    EventLoopGroup group() {
        return group;
    }

    Class<? extends SocketChannel> channelType() {
        return channelType;
    }

    /** {@code epoll} or {@code nio}. */
    public String kind() {
        return kind;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}

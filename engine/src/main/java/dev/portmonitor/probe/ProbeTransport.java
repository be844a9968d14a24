package dev.portmonitor.probe;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The one event loop group every probe runs on: native epoll where the platform has it, NIO
 * otherwise. Its thread count is fixed when it is created and never grows with the number of
 * targets.
 */
public final class ProbeTransport implements AutoCloseable {

    private final EventLoopGroup group;
    private final Class<? extends SocketChannel> channelType;
    private final Class<? extends DatagramChannel> datagramType;
    private final String kind;

    private ProbeTransport(EventLoopGroup group, Class<? extends SocketChannel> channelType,
                           Class<? extends DatagramChannel> datagramType, String kind) {
        this.group = group;
        this.channelType = channelType;
        this.datagramType = datagramType;
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
            return new ProbeTransport(new EpollEventLoopGroup(threads, factory), EpollSocketChannel.class,
                    EpollDatagramChannel.class, "epoll");
        }
        return new ProbeTransport(new NioEventLoopGroup(threads, factory), NioSocketChannel.class, NioDatagramChannel.class, "nio");
    }

    public static int defaultThreads() {
        return Math.min(2, Runtime.getRuntime().availableProcessors());
    }

    /** How many event loops carry the probes. */
    int loops() {
        int count = 0;
        for (var ignored : group) {
            count++;
        }
        return count;
    }

    EventLoopGroup group() {
        return group;
    }

    Class<? extends SocketChannel> channelType() {
        return channelType;
    }

    /** The UDP channel of the same transport (DNS over UDP). */
    Class<? extends DatagramChannel> datagramType() {
        return datagramType;
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

package dev.portmonitor.cli;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * {@code /status} (JSON) and {@code /metrics} (Prometheus text) on loopback, over Netty's HTTP
 * codec (the Netty the engine already carries). Nothing a client does can hold it up: sockets are
 * read without blocking, a request must arrive whole within 10 s and an idle keep-alive connection
 * is closed after 30 s, at most 512 connections are open at once ({@link Limits}), and the pages are
 * rendered on a small pool of their own (reading the status asks the cluster), so a slow render
 * never blocks reading other requests.
 */
final class StatusServer implements AutoCloseable {

    /**
     * What a connection may take.
     *
     * @param requestTime how long a request may take to arrive whole, from the connection or the last answer
     * @param idleTime how long a keep-alive connection may sit idle
     * @param maxConnections how many may be open at once; more are closed at once
     */
    record Limits(Duration requestTime, Duration idleTime, int maxConnections) {
        static final Limits DEFAULT = new Limits(Duration.ofSeconds(10), Duration.ofSeconds(30), 512);
    }

    static final int RENDER_THREADS = 2;
    static final int RENDER_QUEUE = 64;
    private static final int MAX_REQUEST_BYTES = 16 * 1024;

    private final EventLoopGroup loop = new NioEventLoopGroup(1, new DefaultThreadFactory("pm-http", true));
    private final ThreadPoolExecutor render = new ThreadPoolExecutor(RENDER_THREADS, RENDER_THREADS, 30, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(RENDER_QUEUE), new DefaultThreadFactory("pm-http-render", true));
    private final AtomicInteger open = new AtomicInteger();
    private final Supplier<String> status;
    private final Supplier<String> metrics;
    private final Limits limits;
    private final Channel server;

    /**
     * @throws IOException naming the port when it is taken
     */
    StatusServer(int port, Supplier<String> status, Supplier<String> metrics) throws IOException {
        this(port, status, metrics, Limits.DEFAULT);
    }

    StatusServer(int port, Supplier<String> status, Supplier<String> metrics, Limits limits) throws IOException {
        this.limits = limits;
        this.status = status;
        this.metrics = metrics;
        render.allowCoreThreadTimeOut(true);
        ServerBootstrap bootstrap = new ServerBootstrap().group(loop).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 128)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline()
                                .addLast(new IdleStateHandler(0, 0, limits.idleTime().toMillis(), TimeUnit.MILLISECONDS))
                                .addLast(new HttpServerCodec(4096, 8192, 8192))
                                .addLast(new HttpObjectAggregator(MAX_REQUEST_BYTES))
                                .addLast(new Pages());
                    }
                });
        try {
            server = bootstrap.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)).sync().channel();
        } catch (Exception e) {
            close();
            if (e instanceof BindException) {
                throw new IOException("--http-port " + port + ": the port is taken (another run, or another program); "
                        + "give another, or 0 for any free one", e);
            }
            throw new IOException("--http-port " + port + ": cannot listen there: " + e.getMessage(), e);
        }
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close().syncUninterruptibly();
        }
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        render.shutdownNow();
    }

    /** One connection: counted, given a deadline for each request, answered off the event loop. */
    private final class Pages extends SimpleChannelInboundHandler<FullHttpRequest> {

        private io.netty.util.concurrent.ScheduledFuture<?> deadline;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            if (open.incrementAndGet() > limits.maxConnections()) {
                ctx.close();
                return;
            }
            awaitRequest(ctx);
            ctx.fireChannelActive();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            open.decrementAndGet();
            cancelDeadline();
            ctx.fireChannelInactive();
        }

        /** A request must arrive whole within the request time of the connection or of the last answer. */
        private void awaitRequest(ChannelHandlerContext ctx) {
            cancelDeadline();
            deadline = ctx.executor().schedule(() -> ctx.close(), limits.requestTime().toMillis(), TimeUnit.MILLISECONDS);
        }

        private void cancelDeadline() {
            if (deadline != null) {
                deadline.cancel(false);
                deadline = null;
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof IdleStateEvent) {
                ctx.close();
            } else {
                ctx.fireUserEventTriggered(event);
            }
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            cancelDeadline();
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            boolean head = request.method().equals(HttpMethod.HEAD);
            if (!request.decoderResult().isSuccess()) {
                reply(ctx, HttpResponseStatus.BAD_REQUEST, "text/plain; charset=utf-8", "bad request\n", false, false);
                return;
            }
            String path = new QueryStringDecoder(request.uri()).path();
            Supplier<String> page = switch (path) {
                case "/status" -> status;
                case "/metrics" -> metrics;
                case "/" -> () -> "port-monitor: /status, /metrics\n";
                default -> null;
            };
            if (page == null) {
                reply(ctx, HttpResponseStatus.NOT_FOUND, "text/plain; charset=utf-8", "not found; try /status or /metrics\n",
                        head, keepAlive);
                return;
            }
            if (!request.method().equals(HttpMethod.GET) && !head) {
                reply(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, "text/plain; charset=utf-8", "only GET\n", false, keepAlive);
                return;
            }
            String type = path.equals("/status") ? "application/json"
                    : path.equals("/metrics") ? "text/plain; version=0.0.4; charset=utf-8" : "text/plain; charset=utf-8";
            try {
                render.execute(() -> {
                    String text;
                    HttpResponseStatus code = HttpResponseStatus.OK;
                    String contentType = type;
                    try {
                        text = page.get();
                    } catch (RuntimeException e) {
                        code = HttpResponseStatus.INTERNAL_SERVER_ERROR;
                        contentType = "text/plain; charset=utf-8";
                        text = "error: " + e.getMessage() + "\n";
                    }
                    HttpResponseStatus finalCode = code;
                    String finalType = contentType;
                    String finalText = text;
                    ctx.executor().execute(() -> reply(ctx, finalCode, finalType, finalText, head, keepAlive));
                });
            } catch (RejectedExecutionException busy) {
                reply(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, "text/plain; charset=utf-8",
                        "busy: too many pages being rendered; try again\n", false, false);
            }
        }

        private void reply(ChannelHandlerContext ctx, HttpResponseStatus code, String type, String text, boolean head,
                           boolean keepAlive) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, code,
                    head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
            response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
            if (code == HttpResponseStatus.METHOD_NOT_ALLOWED) {
                response.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
            }
            if (keepAlive) {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
                ctx.writeAndFlush(response);
                awaitRequest(ctx);
            } else {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // a client that reset its connection, say: nothing to tell anyone
        }
    }
}

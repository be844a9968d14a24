package dev.portmonitor.cli;

import dev.portmonitor.config.Secret;
import dev.portmonitor.status.Dashboard;
import dev.portmonitor.status.HistoryChart;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.CookieHeaderNames;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.netty.handler.codec.http.cookie.ServerCookieEncoder;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The status port, over Netty's HTTP codec (the Netty the engine already carries): the dashboard at
 * {@code /} with its assets, {@code /status} (JSON), {@code /chart} (a monitor's history),
 * {@code /events} (server-sent events: a line per monitor event, so that an open page updates at
 * once) and {@code /metrics} (Prometheus text).
 *
 * <p>Who may look: it listens on loopback unless told otherwise, and anywhere else only with a
 * read-only access token ({@link Access}), checked in constant time on every request; a refused
 * request gets 401 and a log line that names the address and the path, never the token. Every
 * answer carries the usual security headers, and the page runs no inline script.
 *
 * <p>Nothing a client does can hold it up: sockets are read without blocking, a request must arrive
 * whole within 10 s and an idle keep-alive connection is closed after 30 s, at most 512 connections
 * are open at once ({@link Limits}) and at most 64 of them follow {@code /events}, and pages are
 * rendered on a small pool of their own (reading the status asks the cluster), so a slow render
 * never blocks reading other requests.
 */
final class StatusServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("dev.portmonitor.http");

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

    /**
     * Where the port listens and what a request must carry.
     *
     * @param bind the address to listen on; loopback unless told otherwise
     * @param token the read-only access token, or null (then only loopback is allowed)
     */
    record Access(InetAddress bind, Secret token) {
        static final Access LOOPBACK = new Access(InetAddress.getLoopbackAddress(), null);

        Access {
            if (!bind.isLoopbackAddress() && token == null) {
                throw new IllegalArgumentException("--http-bind " + bind.getHostAddress() + ": the status port beyond"
                        + " loopback needs a read-only access token; give --http-token-file FILE or --http-token-env NAME");
            }
        }
    }

    /** What the pages show; each call may ask the cluster, and runs on the render pool. */
    interface Content {
        String status();

        String metrics();

        /** A monitor's chart data over {@code range}, or null when there is no such monitor. */
        String chart(String monitorId, Duration range);

        /** Marks a deploy (POST /deploys); saved before it returns. */
        default void markDeploy(dev.portmonitor.history.Deploy deploy) throws IOException {
            throw new UnsupportedOperationException("this status port takes no deploy markers");
        }
    }

    static final int RENDER_THREADS = 2;
    static final int RENDER_QUEUE = 64;
    static final int MAX_SUBSCRIBERS = 64;
    static final String TOKEN_COOKIE = "pm_token";
    private static final Duration HEARTBEAT = Duration.ofSeconds(15);
    private static final int MAX_REQUEST_BYTES = 16 * 1024;
    private static final String JSON = "application/json";
    private static final String TEXT = "text/plain; charset=utf-8";
    /** No inline script, nothing from elsewhere; inline styles as Jenkins allows them (ECharts sets some). */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private final EventLoopGroup loop = new NioEventLoopGroup(1, new DefaultThreadFactory("pm-http", true));
    private final ThreadPoolExecutor render = new ThreadPoolExecutor(RENDER_THREADS, RENDER_THREADS, 30, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(RENDER_QUEUE), new DefaultThreadFactory("pm-http-render", true));
    private final ChannelGroup subscribers = new DefaultChannelGroup("pm-events", GlobalEventExecutor.INSTANCE);
    private final AtomicInteger open = new AtomicInteger();
    private final Refusals refusals = new Refusals(Duration.ofMinutes(1));
    private final Content content;
    private final Access access;
    private final byte[] tokenDigest;
    private final Limits limits;
    private final Channel server;

    /** The status and metrics only, on loopback (tests of the connection limits). */
    StatusServer(int port, Supplier<String> status, Supplier<String> metrics) throws IOException {
        this(port, status, metrics, Limits.DEFAULT);
    }

    StatusServer(int port, Supplier<String> status, Supplier<String> metrics, Limits limits) throws IOException {
        this(port, new Content() {
            @Override
            public String status() {
                return status.get();
            }

            @Override
            public String metrics() {
                return metrics.get();
            }

            @Override
            public String chart(String monitorId, Duration range) {
                return null;
            }
        }, Access.LOOPBACK, limits);
    }

    /**
     * @throws IOException naming the option when the port is taken or the address cannot be bound
     */
    StatusServer(int port, Content content, Access access, Limits limits) throws IOException {
        this.limits = limits;
        this.content = content;
        this.access = access;
        this.tokenDigest = access.token() == null ? null : sha256(access.token().reveal());
        Objects.requireNonNull(Echarts.SCRIPT); // read now: a jar without ECharts fails at start, not at the first page
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
            server = bootstrap.bind(new InetSocketAddress(access.bind(), port)).sync().channel();
        } catch (Exception e) {
            close();
            if (e instanceof BindException && e.getMessage() != null && e.getMessage().contains("in use")) {
                throw new IOException("--http-port " + port + ": the port is taken (another run, or another program); "
                        + "give another, or 0 for any free one", e);
            }
            throw new IOException("--http-bind " + access.bind().getHostAddress() + " --http-port " + port
                    + ": cannot listen there (" + e.getMessage() + "); give an address of this machine", e);
        }
        loop.scheduleAtFixedRate(() -> subscribers.writeAndFlush(chunk(": still here\n\n")),
                HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** How many pages follow {@code /events} now. */
    int subscribers() {
        return subscribers.size();
    }

    /** Tells every page that follows {@code /events}: {@code event: change}, with this JSON as its data. */
    void publish(String json) {
        if (!subscribers.isEmpty()) {
            subscribers.writeAndFlush(chunk("event: change\ndata: " + json.replace("\n", "") + "\n\n"));
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.close().syncUninterruptibly();
        }
        subscribers.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        render.shutdownNow();
    }

    private static DefaultHttpContent chunk(String text) {
        return new DefaultHttpContent(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Digests of equal length compared with MessageDigest.isEqual: the time taken says nothing of the token. */
    private boolean tokenMatches(String given) {
        return given != null && MessageDigest.isEqual(tokenDigest, sha256(given));
    }

    /** The usual headers of a page that shows private data and embeds nothing. */
    static void secure(HttpHeaders headers) {
        headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("Cross-Origin-Opener-Policy", "same-origin");
        headers.set("Cross-Origin-Resource-Policy", "same-origin");
    }

    /** A file of the page, or null. */
    private static Answer asset(String path) {
        return switch (path) {
            case "/", "/index.html" -> new Answer(HttpResponseStatus.OK, "text/html; charset=utf-8", Dashboard.asset("index.html"));
            case "/assets/dashboard.js" -> new Answer(HttpResponseStatus.OK, "text/javascript; charset=utf-8",
                    Dashboard.asset("dashboard.js"));
            case "/assets/dashboard.css" -> new Answer(HttpResponseStatus.OK, "text/css; charset=utf-8", Dashboard.asset("dashboard.css"));
            case "/assets/echarts.min.js" -> new Answer(HttpResponseStatus.OK, "text/javascript; charset=utf-8", Echarts.SCRIPT);
            default -> null;
        };
    }

    /** ECharts from its WebJar (org.webjars.npm:echarts), the one file of it the page loads. */
    private static final class Echarts {
        static final byte[] SCRIPT = read();

        private static byte[] read() {
            ClassLoader loader = StatusServer.class.getClassLoader();
            try (java.io.InputStream pom = loader.getResourceAsStream("META-INF/maven/org.webjars.npm/echarts/pom.properties")) {
                java.util.Properties properties = new java.util.Properties();
                properties.load(pom);
                String path = "META-INF/resources/webjars/echarts/" + properties.getProperty("version") + "/dist/echarts.min.js";
                try (java.io.InputStream script = loader.getResourceAsStream(path)) {
                    return script.readAllBytes();
                }
            } catch (IOException | NullPointerException e) {
                throw new IllegalStateException("ECharts is missing from the jar (org.webjars.npm:echarts)", e);
            }
        }
    }

    /**
     * The log of refused requests, which a client guessing tokens must not flood: the first refusal
     * of each address and reason is logged, the same again within the quiet time only counted, and
     * the count told with the next line that is logged.
     */
    static final class Refusals {
        private final Duration quiet;
        private final Map<String, long[]> seen = new java.util.concurrent.ConcurrentHashMap<>(); // {last logged nanos, suppressed}

        Refusals(Duration quiet) {
            this.quiet = quiet;
        }

        void log(String from, String why, String request) {
            long now = System.nanoTime();
            long[] entry = seen.computeIfAbsent(from + " " + why, key -> new long[] {now - quiet.toNanos() - 1, 0});
            long suppressed;
            synchronized (entry) {
                if (now - entry[0] <= quiet.toNanos()) {
                    entry[1]++;
                    return;
                }
                suppressed = entry[1];
                entry[0] = now;
                entry[1] = 0;
            }
            if (seen.size() > 10_000) {
                seen.clear(); // many addresses: forget them rather than grow
            }
            LOG.warn("status port: refused {} from {}: {}{}", request, from, why,
                    suppressed == 0 ? "" : " (and " + suppressed + " more like it since the last such line)");
        }
    }

    private record Answer(HttpResponseStatus code, String type, byte[] body) {
        static Answer text(HttpResponseStatus code, String text) {
            return new Answer(code, TEXT, text.getBytes(StandardCharsets.UTF_8));
        }
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
                reply(ctx, Answer.text(HttpResponseStatus.BAD_REQUEST, "bad request\n"), false, false, Map.of());
                return;
            }
            QueryStringDecoder uri = new QueryStringDecoder(request.uri());
            String path = uri.path();
            // Deploy markers come from this machine only, token or none (the token is for reading).
            if (path.equals("/deploys")) {
                markDeploy(ctx, request, keepAlive);
                return;
            }
            if (tokenDigest != null && !admitted(ctx, request, uri, keepAlive)) {
                return;
            }
            Answer file = asset(path);
            boolean known = file != null || switch (path) {
                case "/status", "/metrics", "/chart", "/events" -> true;
                default -> false;
            };
            if (!known) {
                reply(ctx, Answer.text(HttpResponseStatus.NOT_FOUND, "not found; try /, /status, /chart?id=ID&range=24h, "
                        + "/events, /metrics or POST /deploys\n"), head, keepAlive, Map.of());
                return;
            }
            if (!request.method().equals(HttpMethod.GET) && !head) {
                reply(ctx, Answer.text(HttpResponseStatus.METHOD_NOT_ALLOWED, "only GET\n"), false, keepAlive,
                        Map.of(HttpHeaderNames.ALLOW.toString(), "GET, HEAD"));
                return;
            }
            if (file != null) {
                reply(ctx, file, head, keepAlive, Map.of(HttpHeaderNames.CACHE_CONTROL.toString(), "no-cache"));
                return;
            }
            if (path.equals("/events") && !head) {
                follow(ctx);
                return;
            }
            Supplier<Answer> page = switch (path) {
                case "/status" -> () -> new Answer(HttpResponseStatus.OK, JSON, bytes(content.status()));
                case "/metrics" -> () -> new Answer(HttpResponseStatus.OK, "text/plain; version=0.0.4; charset=utf-8",
                        bytes(content.metrics()));
                case "/chart" -> () -> chart(uri.parameters());
                default -> () -> Answer.text(HttpResponseStatus.OK, ""); // HEAD /events
            };
            try {
                render.execute(() -> {
                    Answer answer;
                    try {
                        answer = page.get();
                    } catch (RuntimeException e) {
                        answer = Answer.text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "error: " + e.getMessage() + "\n");
                    }
                    Answer done = answer;
                    ctx.executor().execute(() -> reply(ctx, done, head, keepAlive,
                            Map.of(HttpHeaderNames.CACHE_CONTROL.toString(), "no-store")));
                });
            } catch (RejectedExecutionException busy) {
                reply(ctx, Answer.text(HttpResponseStatus.SERVICE_UNAVAILABLE, "busy: too many pages being rendered; try again\n"),
                        false, false, Map.of());
            }
        }

        /**
         * {@code POST /deploys} with a JSON body ({@link DeployRequest}): only from this machine (the
         * port's token is for reading), and only as {@code application/json}, which a page elsewhere
         * cannot send without a preflight this port never answers. 201 with the marker's label.
         */
        private void markDeploy(ChannelHandlerContext ctx, FullHttpRequest request, boolean keepAlive) {
            java.net.SocketAddress peer = ctx.channel().remoteAddress();
            if (!(peer instanceof java.net.InetSocketAddress address) || !address.getAddress().isLoopbackAddress()) {
                refusals.log(peer instanceof java.net.InetSocketAddress other ? other.getAddress().getHostAddress()
                        : String.valueOf(peer), "a deploy marker from another machine", "POST /deploys");
                reply(ctx, Answer.text(HttpResponseStatus.FORBIDDEN, "deploy markers are taken on loopback only\n"), false,
                        false, Map.of());
                return;
            }
            // A page in a browser (DNS rebinding to 127.0.0.1 included) sends an Origin and its own Host;
            // a proxy on this machine says who it forwards. None of them is a deploy on this machine.
            String host = request.headers().get(HttpHeaderNames.HOST, "");
            String hostName = host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1)
                    : host.contains(":") ? host.substring(0, host.indexOf(':')) : host;
            if (request.headers().contains(HttpHeaderNames.ORIGIN) || request.headers().contains("X-Forwarded-For")
                    || !java.util.Set.of("127.0.0.1", "localhost", "[::1]").contains(hostName.toLowerCase(java.util.Locale.ROOT))) {
                refusals.log(address.getAddress().getHostAddress(), "a deploy marker from a browser or a proxy",
                        "POST /deploys");
                reply(ctx, Answer.text(HttpResponseStatus.FORBIDDEN, "deploy markers are taken from programs on this machine"
                        + " only (Host 127.0.0.1 or localhost, no Origin)\n"), false, false, Map.of());
                return;
            }
            if (!request.method().equals(HttpMethod.POST)) {
                reply(ctx, Answer.text(HttpResponseStatus.METHOD_NOT_ALLOWED, "only POST\n"), false, keepAlive,
                        Map.of(HttpHeaderNames.ALLOW.toString(), "POST"));
                return;
            }
            String type = request.headers().get(HttpHeaderNames.CONTENT_TYPE, "");
            if (!type.toLowerCase(java.util.Locale.ROOT).startsWith(JSON)) {
                reply(ctx, Answer.text(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "send the marker as " + JSON + "\n"), false,
                        keepAlive, Map.of());
                return;
            }
            String body = request.content().toString(StandardCharsets.UTF_8);
            try {
                render.execute(() -> {
                    Answer answer;
                    try {
                        dev.portmonitor.history.Deploy deploy = DeployRequest.parse(body, java.time.Instant.now());
                        content.markDeploy(deploy);
                        answer = Answer.text(HttpResponseStatus.CREATED, "marked " + deploy.label() + " at " + deploy.at() + "\n");
                    } catch (IllegalArgumentException e) {
                        answer = Answer.text(HttpResponseStatus.BAD_REQUEST, e.getMessage() + "\n");
                    } catch (IOException | RuntimeException e) {
                        answer = Answer.text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "could not mark the deploy: " + e.getMessage()
                                + "\n");
                    }
                    Answer done = answer;
                    ctx.executor().execute(() -> reply(ctx, done, false, keepAlive,
                            Map.of(HttpHeaderNames.CACHE_CONTROL.toString(), "no-store")));
                });
            } catch (RejectedExecutionException busy) {
                reply(ctx, Answer.text(HttpResponseStatus.SERVICE_UNAVAILABLE, "busy; try again\n"), false, false, Map.of());
            }
        }

        /**
         * Whether the request carries the token: as {@code Authorization: Bearer TOKEN} (scripts), or as
         * the cookie a browser got by opening the page once with {@code ?token=TOKEN}, which is
         * answered with the cookie and a redirect to the same address without the token, so that it
         * stays in neither the address bar nor the history. Refused: 401, and a line in the log.
         */
        private boolean admitted(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri, boolean keepAlive) {
            String raw = request.uri();
            int question = raw.indexOf('?');
            String rawPath = question < 0 ? raw : raw.substring(0, question);
            List<String> rest = new java.util.ArrayList<>();
            String inQuery = null;
            for (String pair : question < 0 ? new String[0] : raw.substring(question + 1).split("&")) {
                if (pair.startsWith("token=") && inQuery == null) {
                    // a token pasted as it is: "+" is a plus here, not a space (base64 tokens have them)
                    inQuery = java.net.URLDecoder.decode(pair.substring(6).replace("+", "%2B"), StandardCharsets.UTF_8);
                } else if (!pair.isEmpty()) {
                    rest.add(pair);
                }
            }
            if (inQuery != null) {
                if (!tokenMatches(inQuery)) {
                    return refuse(ctx, request, uri.path(), "a wrong access token in the address");
                }
                DefaultCookie cookie = new DefaultCookie(TOKEN_COOKIE,
                        Base64.getUrlEncoder().withoutPadding().encodeToString(inQuery.getBytes(StandardCharsets.UTF_8)));
                cookie.setHttpOnly(true);
                cookie.setPath("/");
                // Lax, not Strict: a link from a chat opens the page (a top-level GET); nothing here changes state
                cookie.setSameSite(CookieHeaderNames.SameSite.Lax);
                // the same path as asked, raw ("/%2F%2Fx" stays a path of this server), without the token
                String location = "/" + rawPath.replaceFirst("^/+", "") + (rest.isEmpty() ? "" : "?" + String.join("&", rest));
                reply(ctx, Answer.text(HttpResponseStatus.SEE_OTHER, "signed in\n"), false, keepAlive, Map.of(
                        HttpHeaderNames.LOCATION.toString(), location,
                        HttpHeaderNames.CACHE_CONTROL.toString(), "no-store",
                        HttpHeaderNames.SET_COOKIE.toString(), ServerCookieEncoder.STRICT.encode(cookie)));
                return false;
            }
            String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
            if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return tokenMatches(authorization.substring(7).strip()) || refuse(ctx, request, uri.path(), "a wrong access token");
            }
            String cookies = request.headers().get(HttpHeaderNames.COOKIE);
            if (cookies != null) {
                for (Cookie cookie : ServerCookieDecoder.STRICT.decode(cookies)) {
                    if (cookie.name().equals(TOKEN_COOKIE)) {
                        return tokenMatches(fromCookie(cookie.value())) || refuse(ctx, request, uri.path(), "a wrong access token");
                    }
                }
            }
            return refuse(ctx, request, uri.path(), "no access token");
        }

        private static String fromCookie(String value) {
            try {
                return new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException notOurs) {
                return null;
            }
        }

        private boolean refuse(ChannelHandlerContext ctx, FullHttpRequest request, String path, String why) {
            String from = ctx.channel().remoteAddress() instanceof InetSocketAddress address
                    ? address.getAddress().getHostAddress() : String.valueOf(ctx.channel().remoteAddress());
            refusals.log(from, why, request.method() + " " + path);
            reply(ctx, Answer.text(HttpResponseStatus.UNAUTHORIZED, "unauthorized: this status port needs its read-only "
                    + "access token: Authorization: Bearer TOKEN, or open /?token=TOKEN once in a browser\n"), false, false,
                    Map.of(HttpHeaderNames.WWW_AUTHENTICATE.toString(), "Bearer realm=\"port-monitor\""));
            return false;
        }

        private Answer chart(Map<String, List<String>> parameters) {
            String id = first(parameters, "id");
            String rangeText = first(parameters, "range");
            if (id == null) {
                return Answer.text(HttpResponseStatus.BAD_REQUEST, "chart: give id=MONITOR and range=24h (up to 90d)\n");
            }
            Duration range;
            try {
                range = rangeText == null ? Duration.ofHours(24) : HistoryChart.range(rangeText);
            } catch (IllegalArgumentException e) {
                return Answer.text(HttpResponseStatus.BAD_REQUEST, "chart: " + e.getMessage() + "\n");
            }
            String chart = content.chart(id, range);
            return chart == null ? Answer.text(HttpResponseStatus.NOT_FOUND, "chart: no monitor \"" + id + "\"\n")
                    : new Answer(HttpResponseStatus.OK, JSON, bytes(chart));
        }

        private static String first(Map<String, List<String>> parameters, String name) {
            List<String> values = parameters.get(name);
            return values == null || values.isEmpty() || values.get(0).isBlank() ? null : values.get(0);
        }

        /** {@code /events}: the answer stays open; each event and a heartbeat every 15 s go down it. */
        private void follow(ChannelHandlerContext ctx) {
            if (subscribers.size() >= MAX_SUBSCRIBERS) {
                reply(ctx, Answer.text(HttpResponseStatus.SERVICE_UNAVAILABLE, "busy: too many pages follow /events; "
                        + "poll /status instead\n"), false, false, Map.of());
                return;
            }
            HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
            response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
            secure(response.headers());
            HttpUtil.setTransferEncodingChunked(response, true);
            ctx.write(response);
            ctx.writeAndFlush(chunk("retry: 2000\n: following\n\n"));
            subscribers.add(ctx.channel());
        }

        private void reply(ChannelHandlerContext ctx, Answer answer, boolean head, boolean keepAlive, Map<String, String> extra) {
            ByteBuf body = head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(answer.body());
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, answer.code(), body);
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, answer.type());
            response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, answer.body().length);
            secure(response.headers());
            extra.forEach(response.headers()::set);
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

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

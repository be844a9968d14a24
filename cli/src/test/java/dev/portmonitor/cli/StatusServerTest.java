package dev.portmonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The status server against clients that misbehave, over real sockets on loopback (issue 11, item 4). */
class StatusServerTest {

    private final List<Socket> sockets = new ArrayList<>();
    private final List<dev.portmonitor.history.Deploy> marked = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private StatusServer server;

    @AfterEach
    void close() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private StatusServer start(StatusServer.Limits limits) throws IOException {
        server = new StatusServer(0, () -> "{\"monitors\": []}\n", () -> "portmonitor_checks_total 3\n", limits);
        return server;
    }

    /** A client that sends half a request line and waits. */
    private Socket stalled() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
        sockets.add(socket);
        OutputStream out = socket.getOutputStream();
        out.write("GET /sta".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static boolean closedByServer(Socket socket) throws IOException {
        socket.setSoTimeout(100);
        try {
            InputStream in = socket.getInputStream(); // not closed here: that would close the socket
            return in.read() == -1;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    @Test
    void shouldServeOthersWhileAHundredClientsStall() throws Exception {
        start(StatusServer.Limits.DEFAULT);
        for (int i = 0; i < 100; i++) {
            stalled();
        }

        long started = System.nanoTime();
        HttpResponse<String> status = get("/status");
        HttpResponse<String> metrics = get("/metrics");
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(status.body()).contains("monitors");
        assertThat(status.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(metrics.body()).contains("portmonitor_checks_total 3");
        System.out.println("StatusServerTest: /status and /metrics answered in " + millis + " ms with 100 stalled clients");
    }

    @Test
    void shouldCloseAConnectionWhoseRequestDoesNotArriveInTime() throws Exception {
        start(new StatusServer.Limits(Duration.ofMillis(300), Duration.ofSeconds(30), 512));
        Socket socket = stalled();

        await().atMost(Duration.ofSeconds(5)).until(() -> closedByServer(socket));
        assertThat(get("/status").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldCloseConnectionsBeyondTheLimitAtOnce() throws Exception {
        start(new StatusServer.Limits(Duration.ofSeconds(30), Duration.ofSeconds(30), 5));
        List<Socket> held = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            held.add(stalled());
        }
        Socket extra = new Socket(InetAddress.getLoopbackAddress(), server.port());
        sockets.add(extra);

        await().atMost(Duration.ofSeconds(5)).until(() -> closedByServer(extra));
        for (Socket socket : held) {
            assertThat(closedByServer(socket)).as("the first five stay open").isFalse();
        }
        held.get(0).close();
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> get("/status").statusCode() == 200);
    }

    private HttpResponse<String> post(String host, String path, String type, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + host + ":" + server.port() + path))
                .timeout(Duration.ofSeconds(5)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (type != null) {
            request.header("Content-Type", type);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldTakeADeployMarkerAsJsonFromLoopbackAndNameEachWrongField() throws Exception {
        startWith(StatusServer.Access.LOOPBACK);

        HttpResponse<String> marked201 = post("127.0.0.1", "/deploys", "application/json",
                "{\"name\": \"deploy-orders\", \"build\": 412, \"targets\": [\"db.internal:5432\"], \"url\": \"https://ci/job/412/\"}");
        assertThat(marked201.statusCode()).isEqualTo(201);
        assertThat(marked201.body()).startsWith("marked deploy-orders #412 at ");
        assertThat(marked).singleElement().satisfies(deploy -> {
            assertThat(deploy.targets()).containsExactly("db.internal:5432");
            assertThat(deploy.url()).isEqualTo("https://ci/job/412/");
        });

        HttpResponse<String> bad = post("127.0.0.1", "/deploys", "application/json",
                "{\"build\": \"1\", \"targets\": [\"db:99999\"], \"url\": \"ftp://x\", \"at\": \"soon\", \"who\": 1}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("who: unknown field; allowed: name, build, targets, url, at",
                "name: missing; the job or service deployed, like deploy-orders", "targets[0]: ",
                "url: must start with http:// or https://", "at: \"soon\" is not a time like 2026-11-30T03:00:00Z");
        assertThat(post("127.0.0.1", "/deploys", "application/json", "not json").body()).startsWith("the body is not JSON");
        assertThat(post("127.0.0.1", "/deploys", "text/plain", "{\"name\": \"x\"}").statusCode())
                .as("a form a page elsewhere could send without asking").isEqualTo(415);
        assertThat(get("/deploys").statusCode()).isEqualTo(405);
        HttpResponse<String> fromAPage = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/deploys")).header("Content-Type", "application/json").header("Origin", "http://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"x\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(fromAPage.statusCode()).as("a browser page, even on 127.0.0.1 by DNS rebinding").isEqualTo(403);
        assertThat(marked).hasSize(1);
    }

    @Test
    void shouldTakeADeployMarkerFromLoopbackWithoutTheReadToken() throws Exception {
        startWith(new StatusServer.Access(InetAddress.getByName("0.0.0.0"), new dev.portmonitor.config.Secret("a-token-of-twenty-chars", "test")));

        assertThat(post("127.0.0.1", "/deploys", "application/json", "{\"name\": \"deploy-orders\"}").statusCode()).isEqualTo(201);
        assertThat(get("/status").statusCode()).as("reading still needs the token").isEqualTo(401);
        assertThat(marked).hasSize(1);
    }

    @Test
    void shouldRefuseADeployMarkerFromAnotherMachineEvenWithTheToken() throws Exception {
        InetAddress other = java.net.NetworkInterface.networkInterfaces().flatMap(java.net.NetworkInterface::inetAddresses)
                .filter(a -> a instanceof java.net.Inet4Address && !a.isLoopbackAddress()).findFirst().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(other != null, "a non-loopback address to come from");
        String token = "a-token-of-twenty-chars";
        startWith(new StatusServer.Access(InetAddress.getByName("0.0.0.0"), new dev.portmonitor.config.Secret(token, "test")));

        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create("http://" + other.getHostAddress() + ":"
                + server.port() + "/deploys")).header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"x\"}")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).isEqualTo("deploy markers are taken on loopback only\n");
        assertThat(marked).isEmpty();
    }

    @Test
    void shouldMarkADeployFromTheCommandLine() throws Exception {
        startWith(StatusServer.Access.LOOPBACK);
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();

        int code = PortMonitorCli.run(new String[] {"mark-deploy", "deploy-orders", "--build", "412", "--target", "db:5432",
            "--http-port", String.valueOf(server.port())}, InputStream.nullInputStream(), new java.io.PrintWriter(out, true),
                new java.io.PrintWriter(err, true));

        assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).startsWith("marked deploy-orders #412 at ");
        assertThat(marked).singleElement().satisfies(deploy -> assertThat(deploy.targets()).containsExactly("db:5432"));

        int port = server.port();
        server.close();
        server = null;
        java.io.StringWriter nothing = new java.io.StringWriter();
        assertThat(PortMonitorCli.run(new String[] {"mark-deploy", "x", "--http-port", String.valueOf(port)},
                InputStream.nullInputStream(), new java.io.PrintWriter(new java.io.StringWriter()), new java.io.PrintWriter(nothing, true)))
                .isEqualTo(ExitCodes.NOT_OPEN);
        assertThat(nothing.toString()).contains("nothing listens on 127.0.0.1:" + port + "; is port-monitor run running here");
    }

    @Test
    void shouldAnswerOnlyGetAndHeadOnItsPages() throws Exception {
        start(StatusServer.Limits.DEFAULT);

        assertThat(get("/nothing").statusCode()).isEqualTo(404);
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/status"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
        HttpResponse<String> head = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/status"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
    }

    @Test
    void shouldNameTheOptionWhenThePortIsTaken() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            IOException e = catchThrowableOfType(IOException.class,
                    () -> new StatusServer(taken.getLocalPort(), () -> "", () -> ""));

            assertThat(e).hasMessage("--http-port " + taken.getLocalPort()
                    + ": the port is taken (another run, or another program); give another, or 0 for any free one");
        }
    }

    private StatusServer startWith(StatusServer.Access access) throws IOException {
        server = new StatusServer(0, new StatusServer.Content() {
            @Override
            public String status() {
                return "{\"monitors\": []}\n";
            }

            @Override
            public String metrics() {
                return "";
            }

            @Override
            public String chart(String monitorId, Duration range) {
                return monitorId.equals("db") ? "{\"range\": \"" + range + "\"}" : null;
            }

            @Override
            public void markDeploy(dev.portmonitor.history.Deploy deploy) {
                marked.add(deploy);
            }
        }, access, StatusServer.Limits.DEFAULT);
        return server;
    }

    private HttpResponse<String> get(String path, String header, String value) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(5));
        if (header != null) {
            request.header(header, value);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldAskForTheTokenOnEveryPathAndTakeItAsBearerOrAsTheCookieItSets() throws Exception {
        String token = "s3cret-token-for-the-status-port";
        startWith(new StatusServer.Access(InetAddress.getLoopbackAddress(),
                new dev.portmonitor.config.Secret(token, "test")));

        for (String path : List.of("/", "/status", "/metrics", "/chart?id=db", "/events", "/assets/dashboard.js")) {
            HttpResponse<String> refused = get(path, null, null);
            assertThat(refused.statusCode()).as(path).isEqualTo(401);
            assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"port-monitor\"");
        }
        assertThat(get("/status", "Authorization", "Bearer wrong").statusCode()).isEqualTo(401);
        assertThat(get("/status", "Authorization", "Bearer " + token).statusCode()).isEqualTo(200);

        HttpResponse<String> signIn = get("/?token=" + token + "&x=1", null, null);
        assertThat(signIn.statusCode()).isEqualTo(303);
        assertThat(signIn.headers().firstValue("Location")).hasValue("/?x=1");
        String cookie = signIn.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).containsIgnoringCase("HttpOnly").contains("SameSite=Lax").doesNotContain(token);
        assertThat(get("/status", "Cookie", cookie.substring(0, cookie.indexOf(';'))).statusCode()).isEqualTo(200);
        assertThat(get("/status", "Cookie", StatusServer.TOKEN_COOKIE + "=d3Jvbmc").statusCode()).isEqualTo(401);
        assertThat(get("/?token=wrong", null, null).statusCode()).isEqualTo(401);
        // a proxy's own Authorization does not hide the cookie; a token with "+" works pasted as it is
        assertThat(get("/status", "Authorization", "Basic cHJveHk6cHc=").statusCode()).isEqualTo(401);
        HttpResponse<String> evil = get("/%2F%2Fevil.example?token=" + token, null, null);
        assertThat(evil.headers().firstValue("Location")).hasValue("/%2F%2Fevil.example");
    }

    @Test
    void shouldTakeATokenWithAPlusPastedIntoTheAddressAsItIs() throws Exception {
        String token = "ab+cd/ef==0123456789";
        startWith(new StatusServer.Access(InetAddress.getLoopbackAddress(), new dev.portmonitor.config.Secret(token, "test")));

        HttpResponse<String> signIn = get("/?token=" + token, null, null);

        assertThat(signIn.statusCode()).isEqualTo(303);
        assertThat(signIn.headers().firstValue("Location")).hasValue("/");
        assertThat(signIn.headers().firstValue("Cache-Control")).hasValue("no-store");
        String cookie = signIn.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(get("/status", "Cookie", cookie.substring(0, cookie.indexOf(';'))).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldRefuseToListenBeyondLoopbackWithoutAToken() throws Exception {
        InetAddress elsewhere = InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 2});

        assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> new StatusServer.Access(elsewhere, null)))
                .hasMessage("--http-bind 192.0.2.2: the status port beyond loopback needs a read-only access token; "
                        + "give --http-token-file FILE or --http-token-env NAME");
    }

    @Test
    void shouldSendTheSecurityHeadersAndServeThePageAndItsCharts() throws Exception {
        startWith(StatusServer.Access.LOOPBACK);

        HttpResponse<String> page = get("/", null, null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue(StatusServer.CONTENT_SECURITY_POLICY);
        assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(get("/assets/echarts.min.js", null, null).body()).contains("echarts");
        assertThat(get("/status", null, null).headers().firstValue("Cache-Control")).hasValue("no-store");

        assertThat(get("/chart?id=db&range=30d", null, null).body()).isEqualTo("{\"range\": \"PT720H\"}");
        assertThat(get("/chart?id=nothing&range=24h", null, null).statusCode()).isEqualTo(404);
        HttpResponse<String> bad = get("/chart?id=db&range=1y", null, null);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).isEqualTo("chart: range \"1y\" is not a duration; write 24h, 30d or 90m\n");
    }

    @Test
    void shouldPushEachEventToThePagesThatFollowEvents() throws Exception {
        startWith(StatusServer.Access.LOOPBACK);
        java.util.concurrent.BlockingQueue<String> lines = new java.util.concurrent.LinkedBlockingQueue<>();
        http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/events")).build(),
                HttpResponse.BodyHandlers.ofLines()).thenAccept(response -> {
                    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream; charset=utf-8");
                    response.body().forEach(lines::add);
                });
        await().atMost(Duration.ofSeconds(5)).until(() -> server.subscribers() == 1);

        server.publish("{\"monitor\": \"db\", \"event\": \"DOWN\"}");

        String line;
        do {
            line = lines.poll(5, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(line).as("an event within 5 s").isNotNull();
        } while (!line.startsWith("event:"));
        assertThat(line).isEqualTo("event: change");
        assertThat(lines.poll(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("data: {\"monitor\": \"db\", \"event\": \"DOWN\"}");
    }

    @Test
    void shouldLogARefusalOnceAMinutePerAddressAndReasonAndCountTheRest() {
        StatusServer.Refusals refusals = new StatusServer.Refusals(Duration.ofMillis(300));
        java.io.PrintStream before = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            for (int i = 0; i < 50; i++) {
                refusals.log("192.0.2.9", "a wrong access token", "GET /status");
            }
            refusals.log("192.0.2.9", "no access token", "GET /");
            await().pollDelay(Duration.ofMillis(350)).atMost(Duration.ofSeconds(2)).until(() -> true);
            refusals.log("192.0.2.9", "a wrong access token", "GET /status");
        } finally {
            System.setErr(before);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log.lines().filter(line -> line.contains("status port: refused"))
                .map(line -> line.substring(line.indexOf("status port: refused")))).containsExactly(
                "status port: refused GET /status from 192.0.2.9: a wrong access token",
                "status port: refused GET / from 192.0.2.9: no access token",
                "status port: refused GET /status from 192.0.2.9: a wrong access token"
                        + " (and 49 more like it since the last such line)");
    }
}

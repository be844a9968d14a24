package dev.portmonitor.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portmonitor.target.Target;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The {@code http} (80), {@code https} (443) and {@code elasticsearch} (9200) kinds: one HTTP/1.1
 * request ({@code GET} or {@code HEAD} of {@code path}, with {@code Host}, {@code User-Agent:
 * port-monitor}, {@code Accept} and {@code Connection: close}; never credentials, cookies or a body),
 * and its response, read to its end or to the 64 KiB read limit.
 *
 * <ul>
 *   <li>{@code http}/{@code https}: healthy when the status is one of {@code status} (2xx by default)
 *       and, if {@code body} is given, the body matches that regular expression (find, not whole
 *       match); another status, or a body that does not match, is UNHEALTHY with the status line and
 *       a clip of the body. Redirects are not followed: a 301 is just a status.
 *   <li>{@code elasticsearch}: {@code GET /_cluster/health}; green is healthy, yellow DEGRADED, red
 *       UNHEALTHY; 401/403 is a cluster that is up and wants credentials (healthy, with a note, as
 *       Redis's NOAUTH). {@code tls: true} for an Elasticsearch served over HTTPS.
 *   <li>What is not HTTP at all (the first bytes are not {@code HTTP/}) is BAD_RESPONSE at once.
 * </ul>
 *
 * <p>The response is parsed by Netty's {@link HttpClientCodec} (netty-codec-http, the Netty the
 * probes already run on) in an {@link EmbeddedChannel} inside the dialogue, fed the bytes as they
 * arrive. Why a parser rather than hand-written code: status lines, header limits and validation,
 * {@code Content-Length}, the chunked coding (sizes, extensions, trailers), bodies that run until
 * the close, interim 1xx answers and the bodiless answers (HEAD, 204, 304) are where hand-written
 * HTTP goes wrong, and the codec is tested against all of them. The request goes through the same
 * codec, which is how it knows that the answer to a HEAD has no body whatever its
 * {@code Content-Length} says. Not {@code HttpObjectAggregator}: it refuses a body over its limit,
 * and a body cut at the read limit is still judged on what arrived ({@code bodyTruncated} in the
 * details). The codec's buffers come from an unpooled heap allocator without leak tracking, so a
 * check that ends in a timeout (when the dialogue is not told) leaves nothing for the pool or the
 * leak detector: the garbage collector takes it.
 */
final class HttpProbe extends Dialogue {

    private enum Flavour { HTTP, ELASTICSEARCH }

    /**
     * @param expected the statuses that are healthy; null for {@code elasticsearch}, which reads the body
     * @param body the regular expression the body must match (find); null for none
     * @param hostHeader the {@code Host} header given; null for the target's name (or {@code serverName})
     */
    record Settings(String path, String method, Statuses expected, Pattern body, String hostHeader, boolean tls,
                    TlsSettings tlsSettings) implements ProbeSettings, DialogueProbe.TlsAware {
        @Override
        public String fingerprint() {
            return "path=" + path + ",method=" + method + (expected == null ? "" : ",status=" + expected)
                    + ",body=" + (body == null ? null : body.pattern()) + ",hostHeader=" + hostHeader + ",tls=" + tls
                    + (tls ? "," + tlsSettings.fingerprint() : "");
        }
    }

    private static final List<String> HTTP_KEYS = List.of("path", "method", "status", "body", "hostHeader");

    static final ProbeKind HTTP = new ProbeKind("http", 80, HTTP_KEYS, reader -> bindHttp(reader, false),
            connector -> new DialogueProbe<>(connector, Settings.class,
                    (target, settings) -> new HttpProbe(target, settings, Flavour.HTTP), Settings::tls));

    static final ProbeKind HTTPS = new ProbeKind("https", 443, TlsSettings.keysWith(HTTP_KEYS), reader -> bindHttp(reader, true),
            connector -> new DialogueProbe<>(connector, Settings.class,
                    (target, settings) -> new HttpProbe(target, settings, Flavour.HTTP), Settings::tls));

    static final ProbeKind ELASTICSEARCH = new ProbeKind("elasticsearch", 9200,
            TlsSettings.keysWith(List.of("path", "hostHeader", "tls")), HttpProbe::bindElasticsearch,
            connector -> new DialogueProbe<>(connector, Settings.class,
                    (target, settings) -> new HttpProbe(target, settings, Flavour.ELASTICSEARCH), Settings::tls));

    static final String ELASTICSEARCH_PATH = "/_cluster/health";

    private static final String USER_AGENT = userAgent();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Heap buffers the garbage collector frees; no pool, no leak tracking (see the class comment). */
    private static final ByteBufAllocator HEAP = new UnpooledByteBufAllocator(false, true);
    private static final byte[] HTTP_SLASH = ascii("HTTP/");

    private final Settings settings;
    private final Flavour flavour;
    private final String host;
    private final EmbeddedChannel codec;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    /** Bytes of the conversation's buffer (from its reader index) already given to the codec. */
    private int fed;
    private boolean startsLikeHttp;
    private String head = "";
    private HttpResponse response;
    private boolean finished;

    private HttpProbe(Target target, Settings settings, Flavour flavour) {
        this.settings = settings;
        this.flavour = flavour;
        this.host = settings.hostHeader() != null ? settings.hostHeader() : defaultHost(target, settings);
        this.codec = new EmbeddedChannel(new HttpClientCodec(new HttpDecoderConfig().setMaxHeaderSize(16 * 1024), false, false));
        this.codec.config().setAllocator(HEAP);
    }

    // ---- settings

    static Settings bindHttp(SettingsReader reader, boolean tls) {
        String path = path(reader, "/");
        String method = reader.text("method");
        if (method != null) {
            String upper = method.strip().toUpperCase(Locale.ROOT);
            if (upper.equals("GET") || upper.equals("HEAD")) {
                method = upper;
            } else {
                reader.problem("method", "\"" + method + "\" is not allowed; a check sends GET or HEAD (it never changes"
                        + " anything on the server)");
                method = null;
            }
        }
        method = method == null ? "GET" : method;
        Statuses expected = Statuses.DEFAULT;
        String status = reader.text("status");
        if (status != null) {
            try {
                expected = Statuses.parse(status);
            } catch (IllegalArgumentException e) {
                reader.problem("status", e.getMessage());
            }
        }
        Pattern body = reader.regex("body");
        if (body != null && method.equals("HEAD")) {
            reader.problem("body", "the answer to a HEAD has no body to match; use method GET, or leave body out");
        }
        return new Settings(path, method, expected, body, hostHeader(reader), tls, tls ? TlsSettings.read(reader) : null);
    }

    static Settings bindElasticsearch(SettingsReader reader) {
        String path = path(reader, ELASTICSEARCH_PATH);
        String hostHeader = hostHeader(reader);
        boolean tls = Boolean.TRUE.equals(reader.bool("tls"));
        return new Settings(path, "GET", null, null, hostHeader, tls, TlsSettings.read(reader));
    }

    private static String path(SettingsReader reader, String fallback) {
        String path = reader.text("path");
        if (path == null) {
            return fallback;
        }
        if (!path.startsWith("/")) {
            reader.problem("path", "\"" + path + "\" does not start with \"/\"; give the path of the request, like /health/db");
            return fallback;
        }
        if (!path.matches("/[\\x21-\\x7e]*")) {
            reader.problem("path", "\"" + clip(path) + "\" has a space, a control or a non-ASCII character; %-encode it"
                    + " (a space is %20)");
            return fallback;
        }
        return path;
    }

    private static String hostHeader(SettingsReader reader) {
        String hostHeader = reader.text("hostHeader");
        if (hostHeader != null && !hostHeader.matches("[A-Za-z0-9._-]{1,253}(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]{2,45}](:[0-9]{1,5})?")) {
            reader.problem("hostHeader", "\"" + clip(hostHeader) + "\" is not a host name with an optional port; give the"
                    + " name the server answers to, like shop.example.com or shop.example.com:8080");
            return null;
        }
        return hostHeader;
    }

    /** The target's name (or serverName), with the port unless it is the scheme's own (80, or 443 with TLS). */
    private static String defaultHost(Target target, Settings settings) {
        String name = settings.tls() && settings.tlsSettings() != null && settings.tlsSettings().serverName() != null
                ? settings.tlsSettings().serverName() : target.isIpv6Literal() ? "[" + target.host() + "]" : target.host();
        return target.port() == (settings.tls() ? 443 : 80) ? name : name + ":" + target.port();
    }

    private static String userAgent() {
        String version = HttpProbe.class.getPackage().getImplementationVersion();
        return version == null ? "port-monitor" : "port-monitor/" + version;
    }

    // ---- the dialogue

    @Override
    protected String service() {
        return flavour == Flavour.ELASTICSEARCH ? "Elasticsearch" : "HTTP";
    }

    @Override
    protected byte[] opening() {
        return settings.tls() ? null : request();
    }

    @Override
    protected Reply secured() {
        return Reply.send(request());
    }

    private byte[] request() {
        DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(settings.method()),
                settings.path(), Unpooled.EMPTY_BUFFER);
        // The names as browsers and curl write them (Netty's constants are lower case, which HTTP allows).
        request.headers().set("Host", host)
                .set("User-Agent", USER_AGENT)
                .set("Accept", flavour == Flavour.ELASTICSEARCH ? "application/json" : "*/*")
                .set("Connection", "close");
        codec.writeOutbound(request);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        for (ByteBuf part = codec.readOutbound(); part != null; part = codec.readOutbound()) {
            try {
                byte[] chunk = new byte[part.readableBytes()];
                part.readBytes(chunk);
                bytes.writeBytes(chunk);
            } finally {
                part.release();
            }
        }
        return bytes.toByteArray();
    }

    @Override
    protected Reply received(ByteBuf in) {
        // Nothing is consumed: the conversation's buffer keeps the first bytes for its messages.
        head = preview(in, 40);
        if (!startsLikeHttp) {
            int start = in.readerIndex();
            while (start < in.writerIndex() && isSpace(in.getByte(start))) {
                start++;
            }
            int available = in.writerIndex() - start;
            for (int i = 0; i < Math.min(available, HTTP_SLASH.length); i++) {
                if (in.getByte(start + i) != HTTP_SLASH[i]) {
                    return verdict(Reply.badResponse("not an HTTP response: " + head + (isTlsRecord(in, start)
                            ? " (a TLS record: the port speaks TLS; " + (flavour == Flavour.ELASTICSEARCH ? "set tls: true"
                            : "check it with https") + ")" : "")));
                }
            }
            if (available < HTTP_SLASH.length) {
                return Reply.more();
            }
            startsLikeHttp = true;
        }
        int from = in.readerIndex() + fed;
        int length = in.writerIndex() - from;
        if (length > 0) {
            ByteBuf copy = HEAP.heapBuffer(length);
            copy.writeBytes(in, from, length);
            fed += length;
            codec.writeInbound(copy);
        }
        return drain();
    }

    /** A TLS alert or handshake record (what a TLS port answers to plain text): 0x15 or 0x16, then version 3.x. */
    private static boolean isTlsRecord(ByteBuf in, int start) {
        return in.writerIndex() - start >= 2 && (in.getByte(start) == 0x15 || in.getByte(start) == 0x16)
                && in.getByte(start + 1) == 0x03;
    }

    private static boolean isSpace(byte b) {
        return b == '\r' || b == '\n' || b == ' ' || b == '\t';
    }

    /** Reads what the codec decoded: a verdict once the response is complete (or broken), else More. */
    private Reply drain() {
        for (Object message = codec.readInbound(); message != null; message = codec.readInbound()) {
            try {
                if (message instanceof HttpObject object && object.decoderResult().isFailure()) {
                    Throwable cause = object.decoderResult().cause();
                    String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
                    return verdict(Reply.badResponse("not a valid HTTP response (" + clip(why) + "): " + head));
                }
                if (message instanceof HttpResponse answer) {
                    int code = answer.status().code();
                    response = code >= 100 && code < 200 && code != 101 ? null : answer; // an interim 1xx: the answer follows
                }
                if (message instanceof HttpContent content && response != null) {
                    ByteBuf bytes = content.content();
                    byte[] chunk = new byte[bytes.readableBytes()];
                    bytes.getBytes(bytes.readerIndex(), chunk);
                    body.writeBytes(chunk);
                    if (content instanceof LastHttpContent) {
                        return judge(false);
                    }
                }
            } finally {
                ReferenceCountUtil.release(message);
            }
        }
        return Reply.more();
    }

    @Override
    protected Reply readLimitReached(ByteBuf in) {
        if (response != null) {
            return judge(true); // the body so far, cut at the limit
        }
        return verdict(super.readLimitReached(in));
    }

    @Override
    protected Reply closed(long received) {
        if (!startsLikeHttp || finished) {
            return verdict(super.closed(received));
        }
        codec.finish(); // the end of the input: a body that runs until the close is complete now
        Reply reply = drain();
        if (reply instanceof Verdict) {
            return reply;
        }
        if (response == null) {
            return verdict(Reply.badResponse("the server closed the connection after " + received
                    + " bytes, before the end of the HTTP response header: " + head));
        }
        long length = HttpUtil.getContentLength(response, -1L);
        return verdict(Reply.badResponse("the server closed the connection in the middle of the body of its " + statusLine()
                + " (" + body.size() + (length >= 0 ? " of " + length : "") + " body bytes arrived)"));
    }

    @Override
    protected String awaited() {
        if (response == null) {
            return "complete " + service() + " response header";
        }
        long length = HttpUtil.getContentLength(response, -1L);
        return "end of the body of the " + statusLine() + " (" + body.size() + (length >= 0 ? " of " + length : "")
                + " body bytes so far)";
    }

    /** Cleans up after the verdict. */
    private Reply verdict(Reply reply) {
        if (!finished) {
            finished = true;
            codec.finishAndReleaseAll();
        }
        return reply;
    }

    // ---- the verdicts

    private Reply judge(boolean truncated) {
        return verdict(flavour == Flavour.ELASTICSEARCH ? elasticsearch(truncated) : http(truncated));
    }

    private Reply http(boolean truncated) {
        int code = response.status().code();
        String text = bodyText();
        ServiceDetails details = ServiceDetails.of("status", code,
                "server", header(HttpHeaderNames.SERVER),
                "contentType", header(HttpHeaderNames.CONTENT_TYPE),
                "bodyBytes", (long) body.size(),
                "bodyTruncated", truncated ? Boolean.TRUE : null,
                "location", code >= 300 && code < 400 ? header(HttpHeaderNames.LOCATION) : null);
        if (!settings.expected().contains(code)) {
            String location = header(HttpHeaderNames.LOCATION);
            return Reply.unhealthy(statusLine() + " from " + settings.path() + " (expected " + settings.expected()
                    + (code >= 300 && code < 400 ? "; redirects are not followed" + (location == null ? "" : ", Location: "
                    + clip(location)) : "") + ")" + quoted(text), details, null);
        }
        if (settings.body() != null && !settings.body().matcher(text).find()) {
            return Reply.unhealthy(statusLine() + " from " + settings.path() + ", but the body does not match /"
                    + settings.body().pattern() + "/" + (truncated ? " in its first " + body.size()
                    + " bytes (cut at the 64 KiB read limit)" : "") + (text.isBlank() ? " (the body is empty)" : quoted(text)),
                    details, null);
        }
        return Reply.healthy(details, null);
    }

    private Reply elasticsearch(boolean truncated) {
        int code = response.status().code();
        String text = bodyText();
        if (code == 401 || code == 403) {
            return Reply.healthy(ServiceDetails.of("status", code, "note", "alive; needs credentials (" + statusLine() + ")"), null);
        }
        JsonNode json = truncated ? null : json(text);
        if ((code == 200 || code == 408) && json != null && json.path("status").isTextual()) {
            String cluster = json.path("cluster_name").asText("?");
            String status = json.path("status").asText();
            int unassigned = json.path("unassigned_shards").asInt(0);
            ServiceDetails details = ServiceDetails.of("status", code,
                    "clusterName", json.path("cluster_name").isTextual() ? cluster : null,
                    "clusterStatus", status,
                    "numberOfNodes", json.path("number_of_nodes").isInt() ? json.path("number_of_nodes").asInt() : null,
                    "unassignedShards", json.path("unassigned_shards").isInt() ? unassigned : null,
                    "timedOut", json.path("timed_out").asBoolean(false) ? Boolean.TRUE : null);
            String shards = unassigned + (unassigned == 1 ? " unassigned shard" : " unassigned shards");
            return switch (status) {
                case "green" -> Reply.healthy(details, null);
                case "yellow" -> Reply.degraded("Elasticsearch cluster " + cluster + " is yellow: " + shards, details, null);
                case "red" -> Reply.unhealthy("Elasticsearch cluster " + cluster + " is red: " + shards, details, null);
                default -> Reply.badResponse("Elasticsearch cluster " + cluster + " has status \"" + clip(status)
                        + "\", not green, yellow or red");
            };
        }
        if (code == 200) {
            return Reply.badResponse("not an Elasticsearch cluster health answer (" + statusLine() + " from " + settings.path()
                    + ")" + quoted(text));
        }
        String error = json == null ? null : json.path("error").path("type").asText(null);
        String reason = json == null ? null : json.path("error").path("reason").asText(null);
        return Reply.unhealthy(statusLine() + " from " + settings.path()
                + (error == null ? quoted(text) : ": " + clip(error + (reason == null ? "" : ": " + reason))),
                ServiceDetails.of("status", code, "error", error), null);
    }

    private static JsonNode json(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            return node != null && node.isObject() ? node : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** "HTTP 503 Service Unavailable": the server's reason phrase, or the standard one if it sent none. */
    private String statusLine() {
        HttpResponseStatus status = response.status();
        String phrase = status.reasonPhrase();
        if (phrase == null || phrase.isBlank()) {
            phrase = HttpResponseStatus.valueOf(status.code()).reasonPhrase();
        }
        return "HTTP " + status.code() + (phrase.isBlank() || phrase.startsWith("Unknown") ? "" : " " + clip(phrase));
    }

    private String header(CharSequence name) {
        String value = response.headers().get(name);
        return value == null ? null : clip(value);
    }

    /** The body as text, in the charset its Content-Type names (UTF-8 by default). */
    private String bodyText() {
        return new String(body.toByteArray(), HttpUtil.getCharset(response, StandardCharsets.UTF_8));
    }

    /** ": "a clip of the body"", or nothing for an empty body. */
    private static String quoted(String text) {
        String oneLine = text.strip().replaceAll("\\s+", " ");
        return oneLine.isEmpty() ? "" : ": \"" + clip(oneLine) + "\"";
    }

    /** Which statuses are healthy: codes, classes and ranges ({@code 200}, {@code 2xx}, {@code 200-399}). */
    record Statuses(String text, List<Range> ranges) {

        static final Statuses DEFAULT = parse("2xx");

        record Range(int low, int high) {
        }

        Statuses {
            ranges = List.copyOf(ranges);
        }

        boolean contains(int code) {
            return ranges.stream().anyMatch(range -> code >= range.low() && code <= range.high());
        }

        /** Parses {@code 200}, {@code 200,204}, {@code 2xx,301}, {@code 200-399}; the message says what is wrong. */
        static Statuses parse(String text) {
            List<Range> ranges = new ArrayList<>();
            List<String> parts = new ArrayList<>();
            for (String given : text.split(",", -1)) {
                String part = given.strip().toLowerCase(Locale.ROOT);
                if (part.isEmpty()) {
                    throw new IllegalArgumentException("\"" + text + "\" has an empty entry; write statuses separated by"
                            + " commas, like 2xx,301");
                }
                if (part.matches("[0-9]{3}")) {
                    int code = status(part);
                    ranges.add(new Range(code, code));
                } else if (part.matches("[1-5]xx")) {
                    int low = (part.charAt(0) - '0') * 100;
                    ranges.add(new Range(low, low + 99));
                } else if (part.matches("[0-9]{3}\\s*-\\s*[0-9]{3}")) {
                    String[] ends = part.split("-");
                    int low = status(ends[0].strip());
                    int high = status(ends[1].strip());
                    if (low > high) {
                        throw new IllegalArgumentException("\"" + given.strip() + "\" goes from high to low; write the lower"
                                + " status first, like " + high + "-" + low);
                    }
                    part = low + "-" + high;
                    ranges.add(new Range(low, high));
                } else {
                    throw new IllegalArgumentException("\"" + given.strip() + "\" is not a status; write codes (200), classes"
                            + " (2xx) or ranges (200-399), separated by commas, like 2xx,301");
                }
                parts.add(part);
            }
            return new Statuses(String.join(",", parts), ranges);
        }

        private static int status(String digits) {
            int code = Integer.parseInt(digits);
            if (code < 100 || code > 599) {
                throw new IllegalArgumentException(code + " is not an HTTP status; statuses are 100 to 599");
            }
            return code;
        }

        @Override
        public String toString() {
            return text;
        }
    }
}

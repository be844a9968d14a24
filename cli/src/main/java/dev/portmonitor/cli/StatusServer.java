package dev.portmonitor.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * {@code /status} (JSON) and {@code /metrics} (Prometheus text) on loopback, with the JDK's own HTTP
 * server: two read-only pages need no framework. One thread serves them.
 */
final class StatusServer implements AutoCloseable {

    private final HttpServer server;

    StatusServer(int port, Supplier<String> status, Supplier<String> metrics) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        server.setExecutor(Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "pm-http");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/status", exchange -> reply(exchange, "application/json", status));
        server.createContext("/metrics", exchange -> reply(exchange, "text/plain; version=0.0.4; charset=utf-8", metrics));
        server.createContext("/", exchange -> {
            if (exchange.getRequestURI().getPath().equals("/")) {
                reply(exchange, "text/plain; charset=utf-8", () -> "port-monitor: /status, /metrics\n");
            } else {
                send(exchange, 404, "text/plain; charset=utf-8", "not found; try /status or /metrics\n");
            }
        });
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private static void reply(HttpExchange exchange, String type, Supplier<String> body) throws IOException {
        if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            send(exchange, 405, "text/plain; charset=utf-8", "only GET\n");
            return;
        }
        String text;
        try {
            text = body.get();
        } catch (RuntimeException e) {
            send(exchange, 500, "text/plain; charset=utf-8", "error: " + e.getMessage() + "\n");
            return;
        }
        send(exchange, 200, type, text);
    }

    private static void send(HttpExchange exchange, int code, String type, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(code, head ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (!head) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

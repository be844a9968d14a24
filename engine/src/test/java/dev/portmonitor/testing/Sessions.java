package dev.portmonitor.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * What the test servers ({@link FakeServer}, {@link TlsServer}, {@link StartTlsServer}) share: a
 * thread that accepts every connection and serves each on a thread of its own, what each client
 * sent (one buffer per connection), and a close that ends them all.
 */
final class Sessions implements AutoCloseable {

    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<ByteArrayOutputStream> sent = new CopyOnWriteArrayList<>();

    /** Accepts on {@code server} until it closes; {@code serve} gets each socket and its buffer. */
    Sessions(ServerSocket server, String name, BiConsumer<Socket, ByteArrayOutputStream> serve) {
        this.server = server;
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    sockets.add(socket);
                    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
                    sent.add(buffer);
                    Thread session = new Thread(() -> serve.accept(socket, buffer), name + "-session");
                    session.setDaemon(true);
                    session.start();
                } catch (IOException e) {
                    return;
                }
            }
        }, name);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Keeps bytes a client sent, for {@link #texts()}. */
    static void record(ByteArrayOutputStream buffer, byte[] bytes, int length) {
        synchronized (buffer) {
            buffer.write(bytes, 0, length);
        }
    }

    int port() {
        return server.getLocalPort();
    }

    /** What each client sent, one entry per connection, as ISO-8859-1 text. */
    List<String> texts() {
        return sent.stream().map(buffer -> {
            synchronized (buffer) {
                return buffer.toString(StandardCharsets.ISO_8859_1);
            }
        }).toList();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}

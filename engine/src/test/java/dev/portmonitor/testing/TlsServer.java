package dev.portmonitor.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A loopback TLS server (implicit TLS, thread per connection) with a given server context: it
 * completes the handshake, sends {@code greeting} if any (an IMAPS "* OK", say), and keeps what the
 * client sent in plain text until the client closes.
 */
public final class TlsServer implements AutoCloseable {

    private final SSLServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<ByteArrayOutputStream> sessions = new CopyOnWriteArrayList<>();

    private TlsServer(SSLContext context, byte[] greeting) throws IOException {
        server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    SSLSocket socket = (SSLSocket) server.accept();
                    sockets.add(socket);
                    ByteArrayOutputStream sent = new ByteArrayOutputStream();
                    sessions.add(sent);
                    Thread session = new Thread(() -> serve(socket, greeting, sent), "tls-session");
                    session.setDaemon(true);
                    session.start();
                } catch (IOException e) {
                    return;
                }
            }
        }, "tls-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static TlsServer start(SSLContext context) throws IOException {
        return new TlsServer(context, null);
    }

    public static TlsServer start(SSLContext context, String greeting) throws IOException {
        return new TlsServer(context, greeting == null ? null : greeting.getBytes(StandardCharsets.US_ASCII));
    }

    private static void serve(SSLSocket socket, byte[] greeting, ByteArrayOutputStream sent) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            socket.startHandshake();
            if (greeting != null) {
                out.write(greeting);
                out.flush();
            }
            byte[] buffer = new byte[4096];
            int read;
            while ((read = in.read(buffer)) > 0) {
                synchronized (sent) {
                    sent.write(buffer, 0, read);
                }
            }
        } catch (IOException e) {
            // a failed handshake or the client went away
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    /** What each client sent after the handshake, as ISO-8859-1 text. */
    public List<String> received() {
        return sessions.stream().map(s -> {
            synchronized (s) {
                return s.toString(StandardCharsets.ISO_8859_1);
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

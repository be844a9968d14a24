package dev.portmonitor.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A loopback TLS server (implicit TLS, thread per connection) with a given server context: it
 * completes the handshake, sends {@code greeting} if any (an IMAPS "* OK", say), and keeps what the
 * client sent in plain text until the client closes.
 */
public final class TlsServer implements AutoCloseable {

    private final Sessions sessions;

    private TlsServer(SSLContext context, byte[] greeting) throws IOException {
        SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        sessions = new Sessions(server, "tls-server", (socket, sent) -> serve((SSLSocket) socket, greeting, sent));
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
                Sessions.record(sent, buffer, read);
            }
        } catch (IOException e) {
            // a failed handshake or the client went away
        }
    }

    public int port() {
        return sessions.port();
    }

    /** What each client sent after the handshake, as ISO-8859-1 text. */
    public List<String> received() {
        return sessions.texts();
    }

    @Override
    public void close() throws IOException {
        sessions.close();
    }
}

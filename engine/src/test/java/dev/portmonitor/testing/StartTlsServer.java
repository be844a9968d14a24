package dev.portmonitor.testing;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A loopback server that starts TLS in the middle of a plain-text session, the way IMAP's
 * {@code STARTTLS} and POP3's {@code STLS} do: it sends a greeting, reads one command line, answers
 * it, and when the answer is {@code acceptance} upgrades the same socket with the given server
 * context and keeps what the client sends over TLS. Thread per connection.
 */
public final class StartTlsServer implements AutoCloseable {

    private final Sessions sessions;
    private final List<String> commands = new CopyOnWriteArrayList<>();

    private StartTlsServer(SSLContext context, String greeting, String answer, boolean upgrade) throws IOException {
        sessions = new Sessions(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), "starttls-server",
                (socket, sent) -> serve(socket, sent, context, greeting, answer, upgrade));
    }

    /** Greets, answers the first command with {@code answer}, and upgrades to TLS when {@code upgrade}. */
    public static StartTlsServer start(SSLContext context, String greeting, String answer, boolean upgrade) throws IOException {
        return new StartTlsServer(context, greeting, answer, upgrade);
    }

    private void serve(Socket socket, ByteArrayOutputStream sent, SSLContext context, String greeting, String answer,
                       boolean upgrade) {
        try (socket) {
            OutputStream out = socket.getOutputStream();
            out.write(greeting.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // one byte at a time: nothing past the command line may be read before the handshake
            String command = readLine(socket.getInputStream());
            if (command == null) {
                return;
            }
            commands.add(command);
            out.write(answer.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            if (!upgrade) {
                new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).lines()
                        .forEach(commands::add);
                return;
            }
            SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket, null, socket.getPort(), true);
            tls.setUseClientMode(false);
            tls.startHandshake();
            InputStream in = tls.getInputStream();
            byte[] buffer = new byte[4096];
            int read;
            while ((read = in.read(buffer)) > 0) {
                Sessions.record(sent, buffer, read);
            }
        } catch (IOException e) {
            // a failed handshake or the client went away
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                return line.toString().stripTrailing();
            }
            line.append((char) b);
        }
        return null;
    }

    public int port() {
        return sessions.port();
    }

    /** The plain-text command lines clients sent, in order. */
    public List<String> commands() {
        return List.copyOf(commands);
    }

    /** What each client sent over TLS, as ISO-8859-1 text (empty for a session that did not upgrade). */
    public List<String> secured() {
        return sessions.texts();
    }

    @Override
    public void close() throws IOException {
        sessions.close();
    }
}

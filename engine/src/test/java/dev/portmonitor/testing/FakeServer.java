package dev.portmonitor.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.function.Function;

/**
 * A loopback server that speaks a protocol's real wire format for states only a broken server shows
 * (PostgreSQL starting up, Redis loading): for each connection it sends {@code greeting} (if any),
 * then answers each chunk the client sends with {@code answer} (null: say nothing more), and keeps
 * everything the client sent, for assertions on the probe's goodbye.
 */
public final class FakeServer implements AutoCloseable {

    private final Sessions sessions;

    private FakeServer(byte[] greeting, Function<byte[], byte[]> answer, boolean closeAfterAnswer) throws IOException {
        sessions = new Sessions(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), "fake-server",
                (socket, sent) -> serve(socket, sent, greeting, answer, closeAfterAnswer));
    }

    /** Sends {@code greeting} on accept, then answers every chunk received with {@code answer}. */
    public static FakeServer start(byte[] greeting, Function<byte[], byte[]> answer) throws IOException {
        return new FakeServer(greeting, answer, false);
    }

    /** Waits for the client, answers its first chunk with {@code reply}, and closes. */
    public static FakeServer replyAndClose(byte[] reply) throws IOException {
        return new FakeServer(null, chunk -> reply, true);
    }

    private static void serve(Socket socket, ByteArrayOutputStream sent, byte[] greeting, Function<byte[], byte[]> answer,
                              boolean closeAfterAnswer) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            if (greeting != null) {
                out.write(greeting);
                out.flush();
            }
            byte[] buffer = new byte[8192];
            int read;
            while ((read = in.read(buffer)) > 0) {
                byte[] chunk = java.util.Arrays.copyOf(buffer, read);
                Sessions.record(sent, chunk, read);
                byte[] reply = answer == null ? null : answer.apply(chunk);
                if (reply != null) {
                    out.write(reply);
                    out.flush();
                    if (closeAfterAnswer) {
                        return;
                    }
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    public int port() {
        return sessions.port();
    }

    /** Everything the clients sent, one entry per connection, as ISO-8859-1 text. */
    public List<String> received() {
        return sessions.texts();
    }

    @Override
    public void close() throws IOException {
        sessions.close();
    }
}

package dev.portmonitor.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real listeners on loopback that make each probe outcome happen (../shared/TESTING.md). Everything
 * opened here is closed by {@link #close()}.
 */
public final class LoopbackServers implements AutoCloseable {

    public static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final List<AutoCloseable> resources = new CopyOnWriteArrayList<>();

    /** A listener that never accepts: the kernel completes the handshake, the port is open. */
    public int open() throws IOException {
        return open(LOOPBACK);
    }

    public int open(InetAddress address) throws IOException {
        return open(address, 0);
    }

    /** An open listener on the given address and port (0 for any free port). */
    public int open(InetAddress address, int port) throws IOException {
        ServerSocket server = new ServerSocket(port, 1000, address);
        resources.add(server);
        return server.getLocalPort();
    }

    /** Several open listeners at once. */
    public List<Integer> open(int count) throws IOException {
        List<Integer> ports = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ports.add(open());
        }
        return ports;
    }

    /** A port that was just bound and released: connecting gets a reset. */
    public int refused() throws IOException {
        return refused(LOOPBACK);
    }

    /**
     * A loopback port free now (bound and released), for a server a test starts itself (a Hazelcast
     * member, an SMTP server, a status port). The one place tests pick free ports.
     */
    public static int freePort() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, LOOPBACK)) {
            return server.getLocalPort();
        }
    }

    public int refused(InetAddress address) throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, address)) {
            return server.getLocalPort();
        }
    }

    /**
     * A listener with backlog 1 that never accepts, its queue filled by held connections: the
     * kernel drops further SYNs, so a connect hangs until the client gives up.
     */
    public Blackhole blackhole() throws IOException {
        return blackhole(LOOPBACK, 0);
    }

    /** A blackhole on the given address and port (0 for any free port). */
    public Blackhole blackhole(InetAddress address, int port) throws IOException {
        ServerSocket server = new ServerSocket(port, 1, address);
        Blackhole blackhole = new Blackhole(server);
        resources.add(blackhole);
        blackhole.fill();
        return blackhole;
    }

    /** A listener that accepts each connection and closes it at once, as some load balancers do. */
    public int acceptThenClose() throws IOException {
        ServerSocket server = new ServerSocket(0, 50, LOOPBACK);
        resources.add(server);
        acceptAndClose(server);
        return server.getLocalPort();
    }

    /** Accepts every connection of {@code server} and closes it at once, on a daemon thread, until it closes. */
    static void acceptAndClose(ServerSocket server) {
        Thread thread = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    server.accept().close();
                } catch (IOException e) {
                    return;
                }
            }
        }, "accept-then-close-" + server.getLocalPort());
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * A listener that accepts, reads until the client closes, then closes its side, and counts the
     * connections it finished: a well-behaved server for close-mode tests.
     */
    public EchoEnd readToEnd() throws IOException {
        ServerSocket server = new ServerSocket(0, 50, LOOPBACK);
        EchoEnd end = new EchoEnd(server);
        resources.add(server);
        Thread thread = new Thread(end::serve, "read-to-end");
        thread.setDaemon(true);
        thread.start();
        return end;
    }

    @Override
    public void close() {
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception ignored) {
                // best effort: the test is over
            }
        }
        resources.clear();
    }

    /** A full accept queue. {@link #release()} starts accepting, which lets waiting SYNs through. */
    public static final class Blackhole implements AutoCloseable {
        private final ServerSocket server;
        private final List<Socket> held = new CopyOnWriteArrayList<>();

        Blackhole(ServerSocket server) {
            this.server = server;
        }

        public int port() {
            return server.getLocalPort();
        }

        void fill() throws IOException {
            for (int i = 0; i < 64; i++) {
                Socket socket = new Socket();
                try {
                    socket.connect(new InetSocketAddress(server.getInetAddress(), port()), 250);
                    held.add(socket);
                } catch (SocketTimeoutException full) {
                    socket.close();
                    return;
                }
            }
            throw new IllegalStateException("the accept queue of port " + port() + " never filled");
        }

        /** Accepts from now on, in a thread of its own; the next retransmitted SYN is answered. */
        public void release() {
            Thread thread = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        held.add(server.accept());
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "blackhole-release");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    /** See {@link #readToEnd()}. */
    public static final class EchoEnd {
        private final ServerSocket server;
        private final AtomicInteger finished = new AtomicInteger();

        EchoEnd(ServerSocket server) {
            this.server = server;
        }

        public int port() {
            return server.getLocalPort();
        }

        /** Connections accepted and finished: the client closed (FIN or reset) and the server closed. */
        public int finished() {
            return finished.get();
        }

        void serve() {
            while (!server.isClosed()) {
                try (Socket socket = server.accept(); InputStream in = socket.getInputStream()) {
                    try {
                        while (in.read() >= 0) {
                            // drain until the client closes
                        }
                    } catch (IOException reset) {
                        // a reset close ends here
                    }
                } catch (IOException e) {
                    return;
                } finally {
                    if (!server.isClosed()) {
                        finished.incrementAndGet();
                    }
                }
            }
        }
    }
}

package dev.portmonitor.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * A loopback port whose listener can be closed and opened again on the same port: a service that
 * goes down. While up, it accepts every connection and closes it, as a busy server would.
 */
public final class SwitchablePort implements AutoCloseable {

    private final int port;
    private ServerSocket server;

    public SwitchablePort() throws IOException {
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(LoopbackServers.LOOPBACK, 0), 1000);
        port = server.getLocalPort();
        LoopbackServers.acceptAndClose(server);
    }

    public int port() {
        return port;
    }

    public synchronized boolean isOpen() {
        return server != null;
    }

    /** Stops listening: connects are refused from now on. */
    public synchronized void down() throws IOException {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    /** Listens again on the same port. */
    public synchronized void up() throws IOException {
        if (server == null) {
            ServerSocket again = new ServerSocket();
            again.setReuseAddress(true);
            again.bind(new InetSocketAddress(LoopbackServers.LOOPBACK, port), 1000);
            server = again;
            LoopbackServers.acceptAndClose(again);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        down();
    }
}

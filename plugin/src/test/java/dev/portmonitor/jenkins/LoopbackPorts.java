package dev.portmonitor.jenkins;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Two loopback ports for a test: one that listens, and one that refuses (bound, then released). */
final class LoopbackPorts implements AutoCloseable {

    private final ServerSocket listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    final int open = listening.getLocalPort();
    final int closed;

    LoopbackPorts() throws IOException {
        try (ServerSocket gone = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            closed = gone.getLocalPort();
        }
    }

    @Override
    public void close() throws IOException {
        listening.close();
    }
}

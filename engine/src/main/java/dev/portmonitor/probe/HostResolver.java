package dev.portmonitor.probe;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Turns a host name into its addresses, in the order they should be tried, without blocking the caller. */
@FunctionalInterface
public interface HostResolver {

    /**
     * Completes with at least one address, or exceptionally with an
     * {@link java.net.UnknownHostException} when the name does not resolve.
     */
    CompletableFuture<List<InetAddress>> resolve(String host);
}

package dev.portmonitor.probe;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Resolves names with the platform resolver (hosts file, nsswitch, DNS, the JDK's cache), which
 * blocks, so it runs on a small pool of its own and never on an event loop thread. The pool has a
 * fixed maximum size; its idle threads end after a while.
 */
public final class JdkHostResolver implements HostResolver, AutoCloseable {

    public static final int DEFAULT_THREADS = 4;

    private final ThreadPoolExecutor executor;

    public JdkHostResolver() {
        this(DEFAULT_THREADS);
    }

    public JdkHostResolver(int threads) {
        AtomicInteger counter = new AtomicInteger();
        executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
            Thread thread = new Thread(task, "pm-resolve-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        executor.allowCoreThreadTimeOut(true);
    }

    @Override
    public CompletableFuture<List<InetAddress>> resolve(String host) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return List.of(InetAddress.getAllByName(host));
            } catch (UnknownHostException e) {
                throw new CompletionException(e);
            }
        }, executor);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}

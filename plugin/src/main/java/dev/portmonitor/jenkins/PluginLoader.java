package dev.portmonitor.jenkins;

import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs engine work with the plugin's class loader as the thread's context loader. Camel, Hazelcast
 * and Jakarta Mail find classes through the context loader, and Jenkins threads carry the core's,
 * which does not see the jars inside this plugin.
 */
final class PluginLoader {

    static final ClassLoader LOADER = PluginLoader.class.getClassLoader();

    private PluginLoader() {
    }

    static <T> T call(Callable<T> work) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(LOADER);
        try {
            return work.call();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** As {@link #call}, with a checked exception wrapped. */
    static <T> T unchecked(Callable<T> work) {
        try {
            return call(work);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** As {@link #call}, with a failure logged rather than thrown (stopping goes on). */
    static void quietly(Runnable work, Logger logger, String what) {
        try {
            call(() -> {
                work.run();
                return null;
            });
        } catch (Exception e) {
            logger.log(Level.WARNING, "Port Monitor: " + what + " failed", e);
        }
    }
}

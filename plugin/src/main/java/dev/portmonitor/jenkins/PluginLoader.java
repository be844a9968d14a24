package dev.portmonitor.jenkins;

import java.util.concurrent.Callable;

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
}

package dev.portmonitor.status;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The status page's files, one set for every place that shows it: {@code port-monitor run} serves
 * them at {@code /} and the Jenkins plugin inside its layout. {@code dashboard.js} draws the page
 * from the {@code /status} document ({@link StatusJson}) and a monitor's charts from
 * {@link HistoryChart}; it reads where to find them from the {@code data-} attributes of the element
 * {@code #pm-dashboard}, runs no inline script, and draws its charts with the global {@code echarts}
 * (the WebJar in the CLI, the echarts-api plugin in Jenkins).
 */
public final class Dashboard {

    /** The files there are: the page of the CLI, the script and the style sheet both share. */
    public static final java.util.List<String> FILES = java.util.List.of("index.html", "dashboard.js", "dashboard.css");

    private static final Map<String, byte[]> CACHE = new ConcurrentHashMap<>();

    private Dashboard() {
    }

    /** A file's bytes, read once from the engine's jar. */
    public static byte[] asset(String name) {
        if (!FILES.contains(name)) {
            throw new IllegalArgumentException("no dashboard file \"" + name + "\"; there are " + FILES);
        }
        return CACHE.computeIfAbsent(name, Dashboard::read);
    }

    private static byte[] read(String name) {
        try (InputStream in = Dashboard.class.getResourceAsStream("dashboard/" + name)) {
            if (in == null) {
                throw new IllegalStateException("dashboard/" + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.portmonitor.jenkins;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Logger;

/** Where a log channel prints inside Jenkins: each line one record of the logger {@code dev.portmonitor.events}. */
final class EventLogStream {

    private static final Logger EVENTS = Logger.getLogger("dev.portmonitor.events");

    private EventLogStream() {
    }

    static PrintStream create() {
        OutputStream lines = new OutputStream() {
            private final ByteArrayOutputStream line = new ByteArrayOutputStream();

            @Override
            public synchronized void write(int b) {
                if (b == '\n') {
                    EVENTS.info(line.toString(StandardCharsets.UTF_8));
                    line.reset();
                } else {
                    line.write(b);
                }
            }
        };
        return new PrintStream(lines, true, StandardCharsets.UTF_8);
    }
}

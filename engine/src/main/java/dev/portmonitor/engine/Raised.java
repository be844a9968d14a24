package dev.portmonitor.engine;

import dev.portmonitor.config.MonitorSpec;
import dev.portmonitor.monitor.MonitorEvent;
import java.util.List;

/**
 * An event on its way to its channels.
 *
 * @param spec its monitor's spec when it was raised
 * @param channels the channels it is pending on: the very list its outbox entry holds (on a re-send
 *     from the outbox, the one channel it is re-sent on)
 */
record Raised(MonitorSpec spec, MonitorEvent event, List<String> channels) {

    Raised {
        channels = List.copyOf(channels);
    }
}

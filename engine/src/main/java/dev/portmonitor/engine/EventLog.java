package dev.portmonitor.engine;

import dev.portmonitor.config.MaintenanceWindow;
import dev.portmonitor.config.PortMonitorConfig;
import dev.portmonitor.format.Durations;
import dev.portmonitor.history.DeliveryRecord;
import dev.portmonitor.monitor.CheckResult;
import dev.portmonitor.monitor.MonitorEvent;
import dev.portmonitor.notify.EventText;
import dev.portmonitor.store.MonitorStore;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every event's line in the event log, and maintenance: an event inside one of its monitor's
 * maintenance windows is logged, recorded as not sent on each channel, and goes to none. Listeners
 * are told of every event before delivery. The line is logged at INFO unless a log channel of the
 * event prints it anyway (then at DEBUG), so that each event is on the console once.
 */
final class EventLog implements Processor {

    private static final Logger EVENTS = LoggerFactory.getLogger("dev.portmonitor.events");
    private static final Logger LOG = LoggerFactory.getLogger(EventLog.class);

    private final MonitorMetrics metrics;
    private final Supplier<PortMonitorConfig> config;
    private final MonitorStore store;
    private final Outbox outbox;
    private final List<Consumer<MonitorEvent>> listeners = new CopyOnWriteArrayList<>();
    private volatile Consumer<String> persist = monitorId -> { };

    EventLog(MonitorMetrics metrics, Supplier<PortMonitorConfig> config, MonitorStore store, Outbox outbox) {
        this.metrics = metrics;
        this.config = config;
        this.store = store;
        this.outbox = outbox;
    }

    /** How a raised event's record reaches the disk before the event is logged or delivered. */
    void persistWith(Consumer<String> save) {
        this.persist = save;
    }

    void addListener(Consumer<MonitorEvent> listener) {
        listeners.add(listener);
    }

    private boolean printedByALogChannel(Raised raised) {
        PortMonitorConfig current = config.get();
        return raised.channels().stream().anyMatch(id -> current.channel(id)
                .filter(channel -> channel instanceof dev.portmonitor.config.LogChannelConfig).isPresent());
    }

    /** A monitor's first check found it up: no event, but worth a line. */
    static void firstUp(String monitorId, String target, CheckResult check) {
        EVENTS.info("UP {} {}: first check {}", monitorId, target, check.describe()
                + (check.latencyMicros() >= 0 ? " in " + Durations.formatLatency(check.latencyMicros()) : ""));
    }

    @Override
    public void process(Exchange exchange) {
        Raised raised = exchange.getIn().getBody(Raised.class);
        MonitorEvent event = raised.event();
        // On disk first: whoever hears of the event (this log line, a channel) can count on it surviving a crash.
        persist.accept(event.monitorId());
        metrics.event(event.type());
        String window = config.get().maintenance(raised.spec(), event.at()).map(MaintenanceWindow::id).orElse(null);
        if (window != null) {
            exchange.setProperty(ChannelRouter.SUPPRESSED, window);
            EVENTS.info("{} (not sent: maintenance window {})", EventText.line(event), window);
            if (event.type() == dev.portmonitor.monitor.EventType.DOWN) {
                store.noteMaintenance(event.monitorId(), event.id(), window);
            }
            for (String channel : raised.channels()) {
                store.recordDelivery(event.monitorId(), new DeliveryRecord(event.id(), event.type().name(), channel, false, 0,
                        "not sent: maintenance window " + window, Instant.now()));
                outbox.delivered(event.id(), channel);
            }
        } else if (printedByALogChannel(raised)) {
            // A log channel prints the event itself; the same line twice on one console helps nobody.
            EVENTS.debug(EventText.line(event));
        } else {
            EVENTS.info(EventText.line(event));
        }
        for (Consumer<MonitorEvent> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("event listener failed: {}", e.toString());
            }
        }
    }
}

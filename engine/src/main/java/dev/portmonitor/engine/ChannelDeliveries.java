package dev.portmonitor.engine;

import dev.portmonitor.config.ChannelConfig;
import dev.portmonitor.config.StormControl;
import dev.portmonitor.history.DeliveryRecord;
import dev.portmonitor.monitor.MonitorEvent;
import dev.portmonitor.notify.Notifier;
import dev.portmonitor.notify.RetryingDelivery;
import dev.portmonitor.notify.StormGate;
import dev.portmonitor.store.MonitorStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every configured channel's delivery: its retrying sender and its storm gate, run on the channel's
 * own route thread; and what became of each event on it, kept in the monitor's record (which
 * settles the event's outbox entry for that channel).
 */
final class ChannelDeliveries implements Outbox.Channels {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelDeliveries.class);

    private record Channel(ChannelConfig config, RetryingDelivery delivery, StormGate gate) {
    }

    private final Map<String, Channel> channels = new ConcurrentHashMap<>();
    private final Function<ChannelConfig, Notifier> notifiers;
    private final MonitorStore store;
    private final MonitorMetrics metrics;
    private final SaveTracker saves;
    private Outbox outbox;
    private volatile boolean stopping;
    private volatile java.util.function.Consumer<String> persist = monitorId -> { };

    ChannelDeliveries(Function<ChannelConfig, Notifier> notifiers, MonitorStore store, MonitorMetrics metrics,
                      SaveTracker saves) {
        this.notifiers = notifiers;
        this.store = store;
        this.metrics = metrics;
        this.saves = saves;
    }

    void useOutbox(Outbox outbox) {
        this.outbox = outbox;
    }

    /** How a record whose delivery settled reaches the disk, so that a restart does not send it again. */
    void persistWith(java.util.function.Consumer<String> save) {
        this.persist = save;
    }

    /**
     * Adds or changes a channel (a changed one gets a new sender; its gate keeps what it holds).
     *
     * @return true when the channel is new, and so needs its route
     */
    boolean put(ChannelConfig config, StormControl storm) {
        Channel current = channels.get(config.id());
        StormGate gate = current != null ? current.gate() : new StormGate(storm);
        gate.control(storm);
        if (current != null && current.config().equals(config)) {
            return false;
        }
        channels.put(config.id(), new Channel(config, new RetryingDelivery(notifiers.apply(config), config.deliveryDeadline()),
                gate));
        return current == null;
    }

    Set<String> ids() {
        return Set.copyOf(channels.keySet());
    }

    /**
     * Forgets a channel whose route has stopped; what its gate still held is recorded as not sent
     * (the gate is the channel thread's, which is idle or about to stop: held events are only read here).
     */
    void remove(String channelId) {
        Channel channel = channels.remove(channelId);
        if (channel != null) {
            for (MonitorEvent held : channel.gate().drain()) {
                record(channelId, held, new RetryingDelivery.Outcome(false, 0, "not sent: the channel was removed"));
            }
        }
    }

    @Override
    public Duration deadline(String channelId) {
        Channel channel = channels.get(channelId);
        return channel == null ? null : channel.config().deliveryDeadline();
    }

    /** The channels whose gates hold events due for a group, each asked once until it flushes. */
    List<String> wantingFlush() {
        List<String> due = new ArrayList<>();
        channels.forEach((id, channel) -> {
            if (channel.gate().wantsFlush()) {
                due.add(id);
            }
        });
        return due;
    }

    /** From now on, a delivery cut short is left pending rather than given up. */
    void stopping() {
        stopping = true;
    }

    /** One message on the channel's route: an event, or a flush of what the storm gate holds. */
    void deliver(String channelId, Object message) {
        Channel channel = channels.get(channelId);
        if (channel == null) {
            return;
        }
        if (message instanceof Flush flush) {
            List<MonitorEvent> group = flush == Flush.DUE ? channel.gate().due(Instant.now()) : channel.gate().drain();
            if (!group.isEmpty()) {
                RetryingDelivery.Outcome outcome = channel.delivery().deliverGroup(group);
                for (MonitorEvent event : group) {
                    record(channelId, event, new RetryingDelivery.Outcome(outcome.delivered(), outcome.attempts(),
                            outcome.delivered() ? "sent in a group of " + group.size() : outcome.reason()));
                }
            }
        } else if (message instanceof Raised raised && channel.gate().offer(raised.event(), Instant.now())) {
            record(channelId, raised.event(), channel.delivery().deliver(raised.event()));
        }
        // (an event the gate did not let through is held for a group)
    }

    private void record(String channelId, MonitorEvent event, RetryingDelivery.Outcome outcome) {
        if (stopping && !outcome.delivered()) {
            // Cut short by the stop (an interrupted retry): it stays pending, for the next owner or
            // for this member after a restart, rather than counting as given up.
            LOG.info("{} {} of {} left pending on channel {}: stopping", event.type(), event.id(), event.monitorId(), channelId);
            outbox.delivered(event.id(), channelId);
            return;
        }
        metrics.delivery(channelId, outcome.delivered());
        if (!outcome.delivered()) {
            LOG.warn("channel {} could not deliver {} of {} ({}): {}", channelId, event.type(), event.monitorId(), event.id(),
                    outcome.reason());
        }
        try {
            store.recordDelivery(event.monitorId(), new DeliveryRecord(event.id(), event.type().name(), channelId,
                    outcome.delivered(), outcome.attempts(), outcome.reason(), Instant.now()));
            persist.accept(event.monitorId());
        } catch (RuntimeException e) {
            LOG.warn("could not keep the delivery outcome of {}: {}", event.id(), e.toString());
        } finally {
            // Only once the outbox knows, so that the scan never takes it for abandoned in between.
            outbox.settled(event.id(), channelId);
            saves.changed(event.monitorId());
        }
    }
}

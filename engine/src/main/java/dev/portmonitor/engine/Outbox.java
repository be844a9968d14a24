package dev.portmonitor.engine;

import dev.portmonitor.config.MonitorSpec;
import dev.portmonitor.monitor.MonitorEvent;
import dev.portmonitor.store.MonitorStore;
import dev.portmonitor.store.PendingEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The events waiting in their monitors' records until every channel is done with them, seen from
 * this member: which it is delivering now, which it settled lately, and the scan that sends what a
 * dead member (or this one, before a restart) left behind: at least once, each with its dedupe id.
 */
final class Outbox {

    /** How often the outbox of owned monitors is scanned for events nobody is delivering. */
    static final Duration SCAN = Duration.ofSeconds(2);
    /** An event younger than this is left to the member that raised it. */
    static final Duration GRACE = Duration.ofSeconds(3);
    /** How long the outbox is scanned every SCAN after a start or a change of members. */
    static final Duration WATCH = Duration.ofMinutes(1);
    /** How often it is scanned otherwise. */
    static final Duration QUIET_SCAN = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

    /** Where a pending event is re-sent: the channel's queue. */
    interface Resend {
        void send(String channelId, Raised raised);
    }

    /** What the scan needs to know of the channels configured here. */
    interface Channels {
        /** The channel's delivery deadline, or null when it is not configured on this member. */
        Duration deadline(String channelId);
    }

    private record Delivering(Set<String> channels, long startedNanos) {
    }

    private final MonitorStore store;
    private final Function<String, MonitorSpec> specs;
    private final Channels channels;
    private final Resend resend;
    /** Events this member is delivering, by id, with the channels not done yet and when it began. */
    private final Map<String, Delivering> delivering = new ConcurrentHashMap<>();
    /** Deliveries settled lately (eventId|channel): a scan that read the outbox just before is not a resend. */
    private final Map<String, Long> settled = new ConcurrentHashMap<>();
    private volatile long scanUntil = System.nanoTime() + WATCH.toNanos();
    private volatile long lastScan;

    Outbox(MonitorStore store, Function<String, MonitorSpec> specs, Channels channels, Resend resend) {
        this.store = store;
        this.specs = specs;
        this.channels = channels;
        this.resend = resend;
    }

    /** Scans often for a while: after a start, or when members came or went. */
    void watch() {
        scanUntil = System.nanoTime() + WATCH.toNanos();
    }

    /**
     * Called every {@link #SCAN}: scans while watching, and every {@link #QUIET_SCAN} otherwise, as a
     * safety net (a scan reads every record this member owns that has pending events).
     */
    void tick() {
        long now = System.nanoTime();
        if (now - scanUntil < 0 || now - lastScan >= QUIET_SCAN.toNanos()) {
            lastScan = now;
            scan(Instant.now());
        }
    }

    /** This member has started delivering the event on these channels. */
    void delivering(MonitorEvent event, List<String> channelIds) {
        if (!channelIds.isEmpty()) {
            delivering.computeIfAbsent(event.id(), id -> new Delivering(ConcurrentHashMap.newKeySet(), System.nanoTime()))
                    .channels().addAll(channelIds);
        }
    }

    /** This member is no longer delivering the event on the channel (it stays pending in the record). */
    void delivered(String eventId, String channelId) {
        delivering.computeIfPresent(eventId, (id, left) -> {
            left.channels().remove(channelId);
            return left.channels().isEmpty() ? null : left;
        });
    }

    /** The channel is done with the event and the record knows it. */
    void settled(String eventId, String channelId) {
        settled.put(eventId + "|" + channelId, System.nanoTime());
        delivered(eventId, channelId);
    }

    /**
     * Whether this member is still delivering the event on the channel. A delivery that has outlived
     * its channel's deadline by a minute is taken for lost (a queue that refused it, a channel
     * changed under it), so that the scan sends it again.
     */
    private boolean isDelivering(String eventId, String channelId, Duration deadline) {
        Delivering left = delivering.get(eventId);
        if (left == null || !left.channels().contains(channelId)) {
            return false;
        }
        Duration limit = (deadline == null ? Duration.ofMinutes(5) : deadline).plusMinutes(1);
        return System.nanoTime() - left.startedNanos() < limit.toNanos();
    }

    /**
     * Sends the pending events of the monitors this member owns that nobody here is delivering: those
     * a member left behind when it died, or whose owner changed mid-delivery. An event younger than
     * {@link #GRACE} (plus its check's timeout) is left to the member that raised it.
     */
    void scan(Instant now) {
        long forget = System.nanoTime() - Duration.ofMinutes(5).toNanos();
        settled.values().removeIf(at -> at - forget < 0);
        Set<String> owned = store.localWithPending();
        if (owned.isEmpty()) {
            return;
        }
        Set<String> live = store.member().liveMembers();
        String me = store.member().localUuid();
        store.pending(owned).forEach((monitorId, events) -> {
            MonitorSpec spec = specs.apply(monitorId);
            // The event's time is its check's start: leave it to its member for the check's timeout too.
            Duration grace = spec == null ? GRACE : GRACE.plus(spec.probe().timeout());
            for (PendingEvent pending : events) {
                resendIfAbandoned(pending, spec, now.minus(grace), live, me);
            }
        });
    }

    /**
     * Before a monitor's new event goes to its channels: sends the monitor's earlier pending events
     * that nobody is delivering (left by a dead member, or by this one before a restart) first, on the
     * same channel queues, so that no channel tells a monitor's RECOVERED before its DOWN.
     */
    void sendEarlierFirst(MonitorSpec spec, String newEventId, List<PendingEvent> pending) {
        if (pending.size() < 2) {
            return; // only the new one
        }
        Set<String> live = store.member().liveMembers();
        String me = store.member().localUuid();
        for (PendingEvent earlier : pending) {
            if (!earlier.event().id().equals(newEventId)) {
                resendIfAbandoned(earlier, spec, Instant.MAX, live, me);
            }
        }
    }

    private void resendIfAbandoned(PendingEvent pending, MonitorSpec spec, Instant raisedBefore, Set<String> live, String me) {
        MonitorEvent event = pending.event();
        if (event.at().isAfter(raisedBefore)) {
            return;
        }
        String claimant = pending.claimant();
        if (claimant != null && !claimant.equals(me) && live.contains(claimant)) {
            return; // its member is alive: it is delivering it, or holding it for a group
        }
        for (String channelId : pending.channels()) {
            Duration deadline = channels.deadline(channelId);
            if (isDelivering(event.id(), channelId, deadline) || settled.containsKey(event.id() + "|" + channelId)) {
                continue;
            }
            if (deadline == null) {
                // Not configured here (configurations differ, or not applied yet): left for a member
                // that has the channel, or for this one once it does.
                LOG.debug("pending {} of {} is for channel {}, not configured on this member", event.id(),
                        event.monitorId(), channelId);
                continue;
            }
            LOG.info("delivering {} {} of {} on channel {}: it was still pending (a member left, or this one restarted)",
                    event.type(), event.id(), event.monitorId(), channelId);
            delivering(event, List.of(channelId));
            resend.send(channelId, new Raised(spec, event, List.of(channelId)));
        }
    }
}

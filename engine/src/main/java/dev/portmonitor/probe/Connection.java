package dev.portmonitor.probe;

import dev.portmonitor.format.Durations;
import dev.portmonitor.target.Target;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What the {@link Connector} hands back: an established connection, which the probe now owns and
 * must close, or the classified failure that ends the probe.
 *
 * @param channel the open channel, with auto-read off; null when the connect failed
 * @param address the address that answered
 * @param latencyMicros from the start of the connect to the established connection
 * @param failure the probe's result when no connection was established; null when open
 * @param connectStartNanos {@link System#nanoTime()} when the connect that answered started
 * @param deadlineNanos {@link System#nanoTime()} by which the whole probe must end (its timeout)
 */
public record Connection(Target target, Channel channel, InetSocketAddress address, long latencyMicros, Instant startedAt,
                         ProbeResult failure, long connectStartNanos, long deadlineNanos) {

    public Connection {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(startedAt, "startedAt");
        if ((channel == null) == (failure == null)) {
            throw new IllegalArgumentException("a connection is either open or failed");
        }
    }

    static Connection open(Target target, Channel channel, InetSocketAddress address, long latencyMicros, Instant startedAt,
                           long connectStartNanos, long deadlineNanos) {
        return new Connection(target, channel, address, latencyMicros, startedAt, null, connectStartNanos, deadlineNanos);
    }

    static Connection failed(ProbeResult failure) {
        return new Connection(failure.target(), null, null, -1, failure.startedAt(), failure, 0, 0);
    }

    public boolean isOpen() {
        return channel != null;
    }

    /**
     * The result of the connect alone: {@link Outcome#OPEN}, or {@link Outcome#SLOW} when the connect
     * took longer than the options' slow threshold; the failure when it did not connect.
     */
    public ProbeResult connectResult(ProbeOptions options) {
        if (failure != null) {
            return failure;
        }
        Duration slow = options.slowThreshold();
        if (slow != null && latencyMicros * 1_000 > slow.toNanos()) {
            String reason = "connected in " + Durations.formatLatency(latencyMicros) + ", over the "
                    + Durations.format(slow) + " slow threshold";
            return new ProbeResult(target, Outcome.SLOW, latencyMicros, address, reason, startedAt);
        }
        return new ProbeResult(target, Outcome.OPEN, latencyMicros, address, null, startedAt);
    }
}

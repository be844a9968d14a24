package dev.portmonitor.probe;

import dev.portmonitor.target.Target;
import io.netty.util.NetUtil;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Objects;

/**
 * The truth about one target at one moment.
 *
 * @param target what was probed
 * @param outcome what was found
 * @param latencyMicros from the start of the connect to the established connection, for the address
 *     that answered; -1 when no connection was established
 * @param address the address that answered, or the last address tried; null when none was tried
 * @param reason why the outcome is not {@link Outcome#OPEN}, in words; null when open
 * @param startedAt when the probe started
 */
public record ProbeResult(Target target, Outcome outcome, long latencyMicros, InetSocketAddress address,
                          String reason, Instant startedAt) {

    public ProbeResult {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(startedAt, "startedAt");
    }

    public static ProbeResult failed(Target target, Outcome outcome, InetSocketAddress address, String reason,
                                     Instant startedAt) {
        return new ProbeResult(target, outcome, -1, address, reason, startedAt);
    }

    public boolean connected() {
        return latencyMicros >= 0;
    }

    /** Latency in milliseconds with microsecond precision, or NaN when not connected. */
    public double latencyMillis() {
        return connected() ? latencyMicros / 1000.0 : Double.NaN;
    }

    /** {@code 127.0.0.1:5432} or {@code [::1]:5432}, or null when no address was tried. */
    public String addressText() {
        return address == null ? null : format(address);
    }

    static String format(InetSocketAddress address) {
        if (address.isUnresolved() || address.getAddress() == null) {
            return address.getHostString() + ":" + address.getPort();
        }
        String ip = NetUtil.toAddressString(address.getAddress());
        return address.getAddress() instanceof Inet6Address ? "[" + ip + "]:" + address.getPort()
                : ip + ":" + address.getPort();
    }
}

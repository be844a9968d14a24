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
 * @param details what a protocol probe learned (a server version, a certificate's expiry); null for none
 * @param responseMicros from the start of the connect to the protocol's answer (the whole exchange, TLS
 *     included); -1 for a kind that reads nothing ({@code tcp}) or when no answer came
 */
public record ProbeResult(Target target, Outcome outcome, long latencyMicros, InetSocketAddress address,
                          String reason, Instant startedAt, ProbeDetails details, long responseMicros) {

    public ProbeResult {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(startedAt, "startedAt");
    }

    /** A result without details. */
    public ProbeResult(Target target, Outcome outcome, long latencyMicros, InetSocketAddress address, String reason,
                       Instant startedAt) {
        this(target, outcome, latencyMicros, address, reason, startedAt, null, -1);
    }

    /** A result without a protocol exchange. */
    public ProbeResult(Target target, Outcome outcome, long latencyMicros, InetSocketAddress address, String reason,
                       Instant startedAt, ProbeDetails details) {
        this(target, outcome, latencyMicros, address, reason, startedAt, details, -1);
    }

    /**
     * What the check took: the whole exchange for a protocol kind, the connect for {@code tcp}; -1
     * when not connected. The slow threshold and the history's latency read this.
     */
    public long checkMicros() {
        return responseMicros >= 0 ? responseMicros : latencyMicros;
    }

    /** The kind's word ({@code tcp}, {@code postgres}...), from the target. */
    public String kind() {
        return target.kind();
    }

    /** The details, if the probe left details of this type. */
    public <T extends ProbeDetails> java.util.Optional<T> details(Class<T> type) {
        if (details instanceof CombinedDetails combined) {
            return combined.parts().stream().filter(type::isInstance).map(type::cast).findFirst();
        }
        return type.isInstance(details) ? java.util.Optional.of(type.cast(details)) : java.util.Optional.empty();
    }

    /** The details as names and values; empty when there are none. */
    public java.util.Map<String, Object> detailsMap() {
        return details == null ? java.util.Map.of() : details.asMap();
    }

    /** The same result with these details. */
    public ProbeResult withDetails(ProbeDetails newDetails) {
        return new ProbeResult(target, outcome, latencyMicros, address, reason, startedAt, newDetails, responseMicros);
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

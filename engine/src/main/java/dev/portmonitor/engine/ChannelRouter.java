package dev.portmonitor.engine;

import dev.portmonitor.config.MonitorSpec;
import java.util.List;
import java.util.function.Function;
import org.apache.camel.Exchange;
import org.apache.camel.support.ExpressionAdapter;

/** Which channel endpoints an event goes to: the channels of its monitor (a recipient list expression). */
public final class ChannelRouter extends ExpressionAdapter {

    private final Function<String, MonitorSpec> specs;

    ChannelRouter(Function<String, MonitorSpec> specs) {
        this.specs = specs;
    }

    /** Set on an event that a maintenance window silences: it goes to no channel. */
    static final String SUPPRESSED = "PortMonitorSuppressedBy";

    static String endpoint(String channelId) {
        return "seda:port-monitor-channel-" + channelId + "?size=10000";
    }

    @Override
    public Object evaluate(Exchange exchange) {
        return endpoints(exchange);
    }

    List<String> endpoints(Exchange exchange) {
        if (exchange.getProperty(SUPPRESSED) != null) {
            return List.of();
        }
        MonitorSpec spec = specs.apply(exchange.getIn().getHeader(MonitorRoutes.MONITOR_ID, String.class));
        return spec == null ? List.of() : spec.channels().stream().map(ChannelRouter::endpoint).toList();
    }
}

package dev.portmonitor.engine;

import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.support.ExpressionAdapter;

/**
 * Which channel queues an event goes to (a recipient list expression): the channels its outbox
 * entry lists, or none when a maintenance window silences it.
 */
final class ChannelRouter extends ExpressionAdapter {

    /** Set on an event that a maintenance window silences: it goes to no channel. */
    static final String SUPPRESSED = "PortMonitorSuppressedBy";

    @Override
    public Object evaluate(Exchange exchange) {
        return endpoints(exchange);
    }

    List<String> endpoints(Exchange exchange) {
        if (exchange.getProperty(SUPPRESSED) != null) {
            return List.of();
        }
        return exchange.getIn().getBody(Raised.class).channels().stream().map(MonitorRoutes::channelUri).toList();
    }
}

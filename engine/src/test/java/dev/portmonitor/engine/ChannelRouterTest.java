package dev.portmonitor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portmonitor.monitor.EventType;
import dev.portmonitor.monitor.MonitorEvent;
import dev.portmonitor.monitor.MonitorStatus;
import dev.portmonitor.probe.Outcome;
import java.time.Instant;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ChannelRouterTest {

    private static final MonitorEvent DOWN = new MonitorEvent("db-1", EventType.DOWN, "db", "db", "127.0.0.1:5432", null,
            MonitorStatus.DOWN, MonitorStatus.UP, "refused", Outcome.REFUSED, 2, Instant.EPOCH, null, Instant.EPOCH, 0);

    private final CamelContext camel = new DefaultCamelContext();

    @AfterEach
    void stop() {
        camel.stop();
    }

    private Exchange raised(List<String> channels) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getIn().setBody(new Raised(null, DOWN, channels));
        return exchange;
    }

    @Test
    void shouldSendAnEventToTheChannelsItsOutboxEntryLists() {
        assertThat(new ChannelRouter().endpoints(raised(List.of("oncall", "dba"))))
                .containsExactly(MonitorRoutes.channelUri("oncall"), MonitorRoutes.channelUri("dba"));
    }

    @Test
    void shouldSendAnEventSilencedByMaintenanceNowhere() {
        Exchange exchange = raised(List.of("oncall"));
        exchange.setProperty(ChannelRouter.SUPPRESSED, "nightly");

        assertThat(new ChannelRouter().endpoints(exchange)).isEmpty();
    }

    @Test
    void shouldSendAnEventOfAMonitorWithoutChannelsNowhere() {
        assertThat(new ChannelRouter().endpoints(raised(List.of()))).isEmpty();
    }
}

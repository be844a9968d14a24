package dev.portmonitor.engine;

import dev.portmonitor.engine.Schedule.Due;
import java.util.function.BiConsumer;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.apache.camel.builder.endpoint.StaticEndpointBuilders;
import org.apache.camel.builder.endpoint.dsl.SedaEndpointBuilderFactory.SedaEndpointBuilder;

/**
 * Every route of the monitoring pipeline:
 *
 * <pre>
 * timer (every 20 ms) ─ due monitors here ─ split ─ start a probe (Netty, asynchronous)
 *                                                        │ Checked (spec + check)
 * seda:results ─ aggregate per monitor (confirmation; completes on a transition) ─ direct:events
 * direct:events ─ event log, maintenance ─ recipient list (the outbox entry's channels)
 *     ─ seda:channel-&lt;id&gt; ─ storm gate, retrying delivery (one templated route per channel)
 * timer (1 s) ─ a Flush to each channel whose storm gate holds a group that is due
 * timer (2 s) ─ outbox scan: events a dead member, or this one before a restart, left pending
 * </pre>
 *
 * No route or thread per monitor: the thread count is flat in the number of monitors.
 */
final class MonitorRoutes extends EndpointRouteBuilder {

    static final String SCHEDULER = "port-monitor-scheduler";
    static final String CONFIRMATION = "port-monitor-confirmation";
    static final String EVENTS = "port-monitor-events";
    static final String STORM = "port-monitor-storm";
    static final String OUTBOX = "port-monitor-outbox";
    static final String CHANNEL_TEMPLATE = "port-monitor-channel";
    static final String CHANNEL_ROUTE = "port-monitor-channel-";

    static final String MONITOR_ID = "PortMonitorId";
    static final String EVENT = "PortMonitorEvent";
    static final String DONE = "PortMonitorAggregationDone";
    static final long TICK_MILLIS = 20;
    static final int CHANNEL_QUEUE = 10_000;

    /** The confirmation queue, as its consumer and its producers name it (one queue, one size). */
    static SedaEndpointBuilder results() {
        return StaticEndpointBuilders.seda("port-monitor-results").size(100_000);
    }

    /** A channel's queue. */
    static String channelUri(String channelId) {
        return "seda:port-monitor-channel-" + channelId + "?size=" + CHANNEL_QUEUE;
    }

    static String channelRouteId(String channelId) {
        return CHANNEL_ROUTE + channelId;
    }

    private final ProbeLauncher launcher;
    private final ConfirmationStrategy confirmation;
    private final EventLog eventLog;
    private final ChannelDeliveries deliveries;
    private final Outbox outbox;
    private final BiConsumer<String, Object> toChannel;

    /**
     * @param toChannel puts a message on a channel's queue
     */
    MonitorRoutes(ProbeLauncher launcher, ConfirmationStrategy confirmation, EventLog eventLog,
                  ChannelDeliveries deliveries, Outbox outbox, BiConsumer<String, Object> toChannel) {
        this.launcher = launcher;
        this.confirmation = confirmation;
        this.eventLog = eventLog;
        this.deliveries = deliveries;
        this.outbox = outbox;
        this.toChannel = toChannel;
    }

    @Override
    public void configure() {
        from(timer(SCHEDULER).delay(0).period(TICK_MILLIS)).routeId(SCHEDULER)
                .process(exchange -> exchange.getIn().setBody(launcher.dueHere()))
                .split(body())
                    .process(exchange -> launcher.launch(exchange.getIn().getBody(Due.class)))
                .end();

        from(results().concurrentConsumers(1)).routeId(CONFIRMATION)
                .aggregate(header(MONITOR_ID), confirmation)
                    .completionPredicate(exchangeProperty(DONE).isNotNull())
                    .filter(exchangeProperty(EVENT).isNotNull())
                        .to(direct(EVENTS));

        from(direct(EVENTS)).routeId(EVENTS)
                .process(eventLog)
                .recipientList(new ChannelRouter()).ignoreInvalidEndpoints();

        // Once a second, each channel holding a group that is due is asked (on its own thread) to send it.
        from(timer(STORM).delay(1000).period(1000)).routeId(STORM)
                .process(exchange -> deliveries.wantingFlush().forEach(channel -> toChannel.accept(channel, Flush.DUE)));

        from(timer(OUTBOX).delay(2000).period(Outbox.SCAN.toMillis())).routeId(OUTBOX)
                .process(exchange -> outbox.tick());

        // One route per channel, added and removed as channels come and go: events one at a time, in order.
        routeTemplate(CHANNEL_TEMPLATE).templateParameter("channel")
                .from(seda("port-monitor-channel-{{channel}}").size(CHANNEL_QUEUE))
                .process(exchange -> deliveries.deliver(exchange.getFromRouteId().substring(CHANNEL_ROUTE.length()),
                        exchange.getIn().getBody()));
    }
}

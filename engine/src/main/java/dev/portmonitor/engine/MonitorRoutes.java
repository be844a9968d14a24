package dev.portmonitor.engine;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;

/**
 * The monitoring pipeline:
 *
 * <pre>
 * timer (every 20 ms) ─ due monitors ─ split ─ start a probe (Netty, asynchronous)
 *                                                   │ result
 * seda:results ─ aggregate per monitor (confirmation; completes on a transition) ─ direct:events
 * direct:events ─ log line ─ recipient list ─ seda:channel-&lt;id&gt; ─ notifier (one route per channel)
 * </pre>
 *
 * No route or thread per monitor: the thread count is flat in the number of monitors.
 */
final class MonitorRoutes extends RouteBuilder {

    static final String MONITOR_ID = "PortMonitorId";
    static final String EVENT = "PortMonitorEvent";
    static final String DONE = "PortMonitorAggregationDone";
    static final String RESULTS = "seda:port-monitor-results?size=100000&concurrentConsumers=1";
    static final String TICK_MILLIS = "20";

    private final Processor dueMonitors;
    private final Processor launchProbe;
    private final AggregationStrategy confirmation;
    private final Processor eventLog;
    private final ChannelRouter channels;

    MonitorRoutes(Processor dueMonitors, Processor launchProbe, AggregationStrategy confirmation, Processor eventLog,
                  ChannelRouter channels) {
        this.dueMonitors = dueMonitors;
        this.launchProbe = launchProbe;
        this.confirmation = confirmation;
        this.eventLog = eventLog;
        this.channels = channels;
    }

    @Override
    public void configure() {
        from("timer:port-monitor-scheduler?delay=0&period=" + TICK_MILLIS).routeId("port-monitor-scheduler")
                .process(dueMonitors)
                .split(body())
                    .process(launchProbe)
                .end();

        from(RESULTS).routeId("port-monitor-confirmation")
                .aggregate(header(MONITOR_ID), confirmation)
                    .completionPredicate(exchangeProperty(DONE).isNotNull())
                    .filter(exchangeProperty(EVENT).isNotNull())
                        .to("direct:port-monitor-events");

        from("direct:port-monitor-events").routeId("port-monitor-events")
                .process(eventLog)
                .recipientList(channels).ignoreInvalidEndpoints();
    }
}

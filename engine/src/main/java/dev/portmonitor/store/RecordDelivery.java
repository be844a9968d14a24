package dev.portmonitor.store;

import com.hazelcast.map.EntryProcessor;
import dev.portmonitor.history.DeliveryRecord;
import java.util.Map;

/**
 * Adds a delivery outcome to a monitor's history, on the member that owns it, and takes the
 * channel off the event's pending list; a delivered DOWN names the channel in its incident.
 */
final class RecordDelivery implements EntryProcessor<String, MonitorRecord, Void> {

    private static final long serialVersionUID = 1L;

    private final DeliveryRecord delivery;

    RecordDelivery(DeliveryRecord delivery) {
        this.delivery = delivery;
    }

    @Override
    public Void process(Map.Entry<String, MonitorRecord> entry) {
        MonitorRecord record = entry.getValue();
        if (record != null) {
            record.history().recordDelivery(delivery);
            if (delivery.delivered() && "DOWN".equals(delivery.eventType())) {
                record.history().told(delivery.eventId(), delivery.channel());
            }
            record.settle(delivery.eventId(), delivery.channel());
            entry.setValue(record);
        }
        return null;
    }
}

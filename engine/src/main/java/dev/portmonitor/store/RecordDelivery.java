package dev.portmonitor.store;

import com.hazelcast.map.EntryProcessor;
import dev.portmonitor.history.DeliveryRecord;
import java.util.Map;

/** Adds a delivery outcome to a monitor's history, on the member that owns it. */
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
            entry.setValue(record);
        }
        return null;
    }
}

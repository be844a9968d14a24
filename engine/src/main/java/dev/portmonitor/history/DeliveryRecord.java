package dev.portmonitor.history;

import java.io.Serializable;
import java.time.Instant;

/**
 * What became of one event on one channel.
 *
 * @param reason why it was not delivered; null when it was
 */
public record DeliveryRecord(String eventId, String eventType, String channel, boolean delivered, int attempts,
                             String reason, Instant at) implements Serializable {
}

package dev.portmonitor.config;

import com.cronutils.model.time.ExecutionTime;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;

/**
 * The {@code review:} block: when the monthly review of the month just ended is sent, and to which
 * channels. Without channels no review is sent on a schedule; it can still be made on demand.
 *
 * @param schedule the cron expression as written ({@code 0 8 1 * *}: 08:00 on the 1st)
 * @param timezone the zone the schedule and the review's months are in
 * @param channels the channels that receive it, in order
 */
public record ReviewSettings(String schedule, ExecutionTime cron, ZoneId timezone, List<String> channels) {

    public static final String SCHEDULE = "0 8 1 * *";

    /** Without a {@code review:} block: 08:00 on the 1st in this zone, to no channel. */
    public static ReviewSettings defaults(ZoneId timezone) {
        return new ReviewSettings(SCHEDULE, ExecutionTime.forCron(Values.CRON.parse(SCHEDULE)), timezone, List.of());
    }

    public ReviewSettings {
        channels = List.copyOf(channels);
    }

    /** The next time the review is due after {@code after}, if the schedule ever fires again. */
    public Optional<Instant> next(Instant after) {
        return cron.nextExecution(ZonedDateTime.ofInstant(after, timezone)).map(ZonedDateTime::toInstant);
    }
}

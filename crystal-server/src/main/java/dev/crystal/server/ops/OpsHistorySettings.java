package dev.crystal.server.ops;

import java.time.Duration;

/**
 * How long the sample history behind the reports is kept (ops.db in the data directory); immutable and validated.
 *
 * @param minutes per-minute samples are kept this long (then only their hourly roll-up)
 * @param hours   hourly roll-ups and alert events are kept this long
 */
public record OpsHistorySettings(Duration minutes, Duration hours) {
    public static final Duration DEFAULT_MINUTES = Duration.ofHours(48);
    public static final Duration DEFAULT_HOURS = Duration.ofDays(35);

    public OpsHistorySettings {
        if (minutes == null || minutes.compareTo(Duration.ofHours(2)) < 0) {
            throw new IllegalArgumentException("alerts.history.minutes must be at least 2h, was " + minutes);
        }
        if (hours == null || hours.compareTo(minutes) < 0) {
            throw new IllegalArgumentException("alerts.history.hours must be at least alerts.history.minutes ("
                    + minutes + "), was " + hours);
        }
    }

    /** Minutes for 48 hours, hours for 35 days: enough for the hour, day, week and month reports. */
    public static OpsHistorySettings defaults() {
        return new OpsHistorySettings(DEFAULT_MINUTES, DEFAULT_HOURS);
    }
}

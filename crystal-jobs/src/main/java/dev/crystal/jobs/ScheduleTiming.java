package dev.crystal.jobs;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

/**
 * When a schedule fires: a cron expression in a time zone, or a fixed interval. Immutable.
 */
public sealed interface ScheduleTiming {

    /**
     * A cron expression: 5 fields (minute hour day-of-month month day-of-week, Unix style) or 6 fields
     * with seconds first (Spring style). Validated by the scheduler when the schedule is upserted.
     */
    static ScheduleTiming cron(String expression, ZoneId zone) {
        return new Cron(expression, zone);
    }

    /** Every {@code interval}, on multiples of the interval since the epoch. */
    static ScheduleTiming every(Duration interval) {
        return new Every(interval);
    }

    /** Cron timing. */
    record Cron(String expression, ZoneId zone) implements ScheduleTiming {
        public Cron {
            Objects.requireNonNull(expression, "expression");
            Objects.requireNonNull(zone, "zone");
        }
    }

    /** Fixed interval timing. */
    record Every(Duration interval) implements ScheduleTiming {
        public Every {
            Objects.requireNonNull(interval, "interval");
            if (interval.toMillis() < 1) {
                throw new IllegalArgumentException("schedule interval must be at least 1ms but was " + interval);
            }
        }
    }
}

package dev.crystal.jobs;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    /**
     * Reads an operator's pattern: {@code every <duration>} ({@code 500ms}, {@code 30s}, {@code 15m}, {@code 2h},
     * {@code 1d} or ISO-8601 such as {@code PT15M}) or a cron expression (5 or 6 fields, evaluated in
     * {@code zone}; checked when the schedule is stored).
     *
     * @throws IllegalArgumentException for a blank pattern or a bad interval
     */
    static ScheduleTiming parse(String pattern, ZoneId zone) {
        Objects.requireNonNull(zone, "zone");
        if (pattern == null || pattern.isBlank()) {
            throw new IllegalArgumentException("pattern must be a cron expression such as '0 2 1 * *' or "
                    + "'every <duration>' such as 'every 15m'");
        }
        String text = pattern.trim();
        if (!text.regionMatches(true, 0, "every ", 0, 6)) {
            return cron(text.replaceAll("\\s+", " "), zone);
        }
        String interval = text.substring(6).trim();
        Matcher m = Pattern.compile("(\\d{1,12})(ms|s|m|h|d)").matcher(interval);
        Duration duration;
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            duration = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        } else {
            try {
                duration = Duration.parse(interval);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("bad interval '" + interval + "': use e.g. every 30s, every 15m, "
                        + "every 1h, every 1d or every PT15M");
            }
        }
        return every(duration);
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

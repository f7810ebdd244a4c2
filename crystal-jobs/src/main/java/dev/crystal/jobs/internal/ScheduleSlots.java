package dev.crystal.jobs.internal;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.crystal.jobs.ScheduleTiming;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slot arithmetic for schedule timings in their stored text form ({@code cron|zone|expression},
 * {@code every|millis}). Parsed cron expressions are cached in a concurrent map; thread-safe.
 */
final class ScheduleSlots {
    private record CronTiming(ExecutionTime execution, ZoneId zone) {
    }

    /** The next slot of a cron expression that never fires again (far future, still valid as epoch millis). */
    static final Instant NEVER = Instant.parse("9999-12-31T23:59:59Z");

    private final CronParser unixParser = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private final CronParser secondsParser =
            new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.SPRING53));
    private final ConcurrentHashMap<String, CronTiming> crons = new ConcurrentHashMap<>();

    /**
     * The stored form of a timing.
     *
     * @throws IllegalArgumentException for a cron expression that does not parse
     */
    String encode(ScheduleTiming timing) {
        String text = switch (timing) {
            case ScheduleTiming.Cron cron -> "cron|" + cron.zone().getId() + "|" + cron.expression().trim();
            case ScheduleTiming.Every every -> "every|" + every.interval().toMillis();
        };
        if (timing instanceof ScheduleTiming.Cron) {
            cron(text);
        }
        return text;
    }

    /** A readable form: {@code cron <expr> <zone>} or {@code every <millis>ms}. */
    String describe(String timing) {
        String[] parts = timing.split("\\|", 3);
        return parts[0].equals("every") ? "every " + parts[1] + "ms" : "cron " + parts[2] + " " + parts[1];
    }

    /** The first slot strictly after {@code after}. */
    Instant next(String timing, Instant after) {
        if (timing.startsWith("every|")) {
            long every = Long.parseLong(timing.substring("every|".length()));
            long millis = after.toEpochMilli();
            return Instant.ofEpochMilli(Math.floorDiv(millis, every) * every + every);
        }
        CronTiming cron = cron(timing);
        ZonedDateTime from = ZonedDateTime.ofInstant(after, cron.zone);
        return cron.execution.nextExecution(from)
                .map(ZonedDateTime::toInstant)
                .orElse(NEVER);
    }

    private CronTiming cron(String timing) {
        return crons.computeIfAbsent(timing, text -> {
            String[] parts = text.split("\\|", 3);
            ZoneId zone = ZoneId.of(parts[1]);
            String expression = parts[2];
            int fields = expression.split("\\s+").length;
            try {
                CronParser parser = switch (fields) {
                    case 5 -> unixParser;
                    case 6 -> secondsParser;
                    default -> throw new IllegalArgumentException("expected 5 fields (minute hour day month weekday) "
                            + "or 6 (with seconds first) but found " + fields);
                };
                return new CronTiming(ExecutionTime.forCron(parser.parse(expression)), zone);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("bad cron expression '" + expression + "': " + e.getMessage(), e);
            }
        });
    }
}

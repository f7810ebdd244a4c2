package dev.crystal.jobs.internal;

import dev.crystal.jobs.ChildFailurePolicy;
import dev.crystal.jobs.JobOptions;
import dev.crystal.jobs.Retention;
import dev.crystal.jobs.spi.NewJob;
import java.time.Duration;
import java.time.Instant;

/**
 * What each job of a schedule looks like, stored as JSON text in the schedule row. Immutable.
 */
record ScheduleTemplate(String dataJson, long delayMillis, int priority, int attempts, String backoff,
                        int keepCompleted, Long keepCompletedAgeMillis, int keepFailed, Long keepFailedAgeMillis,
                        String correlationId, boolean lifo, long timeoutMillis, int limit, Long endDateMillis) {

    static ScheduleTemplate of(String dataJson, JobOptions options, int limit, Instant endDate) {
        return new ScheduleTemplate(dataJson, options.delay().toMillis(), options.priority(), options.attempts(),
                BackoffText.encode(options.backoff()), options.removeOnComplete().keepLast(),
                millis(options.removeOnComplete()), options.removeOnFail().keepLast(), millis(options.removeOnFail()),
                options.correlationId(), options.lifo(), options.timeout() == null ? 0 : options.timeout().toMillis(),
                limit, endDate == null ? null : endDate.toEpochMilli());
    }

    /** The end date, or {@code null}. */
    Instant endDate() {
        return endDateMillis == null ? null : Instant.ofEpochMilli(endDateMillis);
    }

    NewJob jobFor(String queue, String name, String scheduleId, Instant slot, Instant now) {
        return jobWithId(queue, name, "schedule:" + scheduleId + ":" + slot.toEpochMilli(), now);
    }

    NewJob jobWithId(String queue, String name, String id, Instant now) {
        Instant runAt = delayMillis == 0 ? null : now.plusMillis(delayMillis);
        return new NewJob(queue, name, id, dataJson, priority, runAt,
                attempts, backoff, retention(keepCompleted, keepCompletedAgeMillis),
                retention(keepFailed, keepFailedAgeMillis), correlationId, ChildFailurePolicy.FAIL_PARENT, now, lifo,
                timeoutMillis);
    }

    private static Long millis(Retention retention) {
        return retention.maxAge() == null ? null : retention.maxAge().toMillis();
    }

    private static Retention retention(int keep, Long ageMillis) {
        return new Retention(keep, ageMillis == null ? null : Duration.ofMillis(ageMillis));
    }
}

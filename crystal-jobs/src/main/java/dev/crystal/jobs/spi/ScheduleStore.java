package dev.crystal.jobs.spi;

import dev.crystal.jobs.UpsertResult;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Port: durable schedules. Firing is a compare-and-set on the next slot together with adding the slot's
 * jobs, so a slot fires at most once even with several schedulers. Thread-safe.
 */
public interface ScheduleStore {

    /**
     * Stores {@code schedule}. If one with the same id and the same timing exists, its slots are kept
     * (only the template and catch-up change); a different timing replaces the next slot.
     */
    UpsertResult upsert(ScheduleRecord schedule);

    /** Removes a schedule. */
    boolean remove(String id);

    /** One schedule. */
    Optional<ScheduleRecord> get(String id);

    /** Every schedule, by id. */
    List<ScheduleRecord> list();

    /** Schedules whose next slot is at or before {@code now}. */
    List<ScheduleRecord> due(Instant now);

    /** The earliest next slot of any schedule, or {@code null}. */
    Instant earliestNextSlot();

    /**
     * Atomically: if the schedule's next slot is still {@code expectedNextSlot}, sets it to
     * {@code newNextSlot}, records {@code lastFired} and adds {@code jobs}.
     *
     * @return false (nothing written) if another scheduler fired first or the schedule is gone
     */
    boolean fire(String id, Instant expectedNextSlot, Instant newNextSlot, Instant lastFired, List<NewJob> jobs);
}

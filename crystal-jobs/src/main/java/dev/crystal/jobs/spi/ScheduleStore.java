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
     * (only the template and catch-up change); a different timing replaces the next slot. An update keeps
     * the stored pause flag and run count.
     */
    UpsertResult upsert(ScheduleRecord schedule);

    /** Removes a schedule. */
    boolean remove(String id);

    /** One schedule. */
    Optional<ScheduleRecord> get(String id);

    /** Every schedule, by id. */
    List<ScheduleRecord> list();

    /**
     * Pauses or resumes a schedule; resuming with a {@code nextSlot} also sets the next slot ({@code null}
     * keeps it).
     *
     * @return false if there is no such schedule
     */
    boolean setPaused(String id, boolean paused, Instant nextSlot);

    /** Schedules not paused whose next slot is at or before {@code now}. */
    List<ScheduleRecord> due(Instant now);

    /** The earliest next slot of any schedule not paused, or {@code null}. */
    Instant earliestNextSlot();

    /**
     * Atomically: if the schedule's next slot is still {@code expectedNextSlot} and it is not paused, sets
     * the next slot to {@code newNextSlot}, records {@code lastFired} (when not {@code null}), adds
     * {@code jobs} and adds their number to the run count.
     *
     * @return false (nothing written) if another scheduler fired first, the schedule is paused or gone
     */
    boolean fire(String id, Instant expectedNextSlot, Instant newNextSlot, Instant lastFired, List<NewJob> jobs);
}

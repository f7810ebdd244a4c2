package dev.crystal.jobs;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Repeating jobs. Slots fire at most once each (the slot is advanced with a compare-and-set and each
 * job id names its slot); stored schedules survive restart. Thread-safe.
 */
public interface JobSchedules {

    /** Upper bound of slots fired at once by {@link CatchUp#ALL}. */
    int MAX_CATCH_UP_SLOTS = 1000;

    /**
     * Stores or replaces the schedule with this id.
     *
     * @throws IllegalArgumentException for a bad cron expression
     * @throws BadPayloadException      for data that is not JSON-writable
     */
    UpsertResult upsert(Schedule schedule);

    /** Removes a schedule; jobs it already added stay. */
    boolean remove(String id);

    /** One schedule. */
    Optional<ScheduleView> get(String id);

    /** All schedules by id. */
    List<ScheduleView> list();

    /** Stops a schedule from firing (survives restart); false if there is no such schedule. */
    boolean pause(String id);

    /**
     * Lets a paused schedule fire again from the next slot after now (slots missed while paused are
     * skipped); false if there is no such schedule.
     */
    boolean resume(String id);

    /**
     * Adds one job from the schedule's template now, with id {@code schedule:<id>:manual:<now millis>}. Slots,
     * the run count and the limit are not touched; works on paused and ended schedules too.
     *
     * @return the add result, or empty if there is no such schedule
     */
    Optional<AddResult> trigger(String id);

    /**
     * Changes the timing of a schedule; slots restart from now, the template, pause flag and run count stay.
     *
     * @return the schedule as now stored, or empty if there is no such schedule
     * @throws IllegalArgumentException for a bad cron expression
     */
    Optional<ScheduleView> setTiming(String id, ScheduleTiming timing);

    /** The next {@code count} slots the schedule would fire (fewer near its limit or end date; none if ended). */
    List<Instant> nextRuns(String id, int count);

    /**
     * Fires every slot that is due by the injected clock. The scheduler thread calls this on its own;
     * tests with a manual clock call it directly.
     *
     * @return the slots fired now
     */
    List<FiredSlot> fireDue();
}

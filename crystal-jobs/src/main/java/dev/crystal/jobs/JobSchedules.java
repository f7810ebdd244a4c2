package dev.crystal.jobs;

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

    /**
     * Fires every slot that is due by the injected clock. The scheduler thread calls this on its own;
     * tests with a manual clock call it directly.
     *
     * @return the slots fired now
     */
    List<FiredSlot> fireDue();
}

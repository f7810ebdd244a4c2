package dev.crystal.jobs.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.crystal.jobs.CatchUp;
import dev.crystal.jobs.FiredSlot;
import dev.crystal.jobs.JobRef;
import dev.crystal.jobs.JobSchedules;
import dev.crystal.jobs.Schedule;
import dev.crystal.jobs.ScheduleView;
import dev.crystal.jobs.UpsertResult;
import dev.crystal.jobs.spi.NewJob;
import dev.crystal.jobs.spi.ScheduleRecord;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * {@link JobSchedules}: computes due slots by the injected clock and fires them through the store's
 * compare-and-set. Holds no mutable state of its own; thread-safe.
 */
final class ScheduleFirer implements JobSchedules {
    /** Upper bound on slots walked through for one schedule in one firing. */
    private static final int MAX_SLOT_WALK = 1_000_000;

    private final EngineServices services;
    private final ScheduleSlots slots = new ScheduleSlots();

    ScheduleFirer(EngineServices services) {
        this.services = services;
    }

    @Override
    public UpsertResult upsert(Schedule schedule) {
        NewJobs.requireQueueName(schedule.queue());
        String timing = slots.encode(schedule.timing());
        String dataJson = services.codec().write(schedule.data(), "data of schedule '" + schedule.id() + "'");
        String template;
        try {
            template = services.codec().mapper().writeValueAsString(ScheduleTemplate.of(dataJson, schedule.options()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot store the job template of schedule '" + schedule.id() + "'", e);
        }
        Instant next = slots.next(timing, services.clock().instant());
        return services.store().schedules().upsert(new ScheduleRecord(schedule.id(), schedule.queue(),
                schedule.jobName(), timing, template, schedule.catchUp(), next, null));
    }

    @Override
    public boolean remove(String id) {
        return services.store().schedules().remove(id);
    }

    @Override
    public Optional<ScheduleView> get(String id) {
        return services.store().schedules().get(id).map(this::view);
    }

    @Override
    public List<ScheduleView> list() {
        return services.store().schedules().list().stream().map(this::view).toList();
    }

    private ScheduleView view(ScheduleRecord record) {
        return new ScheduleView(record.id(), record.queue(), record.jobName(), slots.describe(record.timing()),
                record.catchUp(), record.nextSlot(), record.lastSlot());
    }

    @Override
    public List<FiredSlot> fireDue() {
        Instant now = services.clock().instant();
        List<FiredSlot> fired = new ArrayList<>();
        for (ScheduleRecord record : services.store().schedules().due(now)) {
            List<Instant> due = dueSlots(record, now);
            ScheduleTemplate template = template(record);
            List<NewJob> jobs = new ArrayList<>(due.size());
            for (Instant slot : due) {
                jobs.add(template.jobFor(record.queue(), record.jobName(), record.id(), slot, now));
            }
            Instant newNext = slots.next(record.timing(), now);
            if (services.store().schedules().fire(record.id(), record.nextSlot(), newNext, due.getLast(), jobs)) {
                for (NewJob job : jobs) {
                    fired.add(new FiredSlot(record.id(), slotOf(job), new JobRef(job.queue(), job.customId())));
                }
                services.wakeups().wake(record.queue());
            }
        }
        return fired;
    }

    /** Due slots from the stored next slot up to now, reduced by the catch-up policy; never empty. */
    private List<Instant> dueSlots(ScheduleRecord record, Instant now) {
        int keep = record.catchUp() == CatchUp.ALL ? MAX_CATCH_UP_SLOTS : 1;
        Deque<Instant> newest = new ArrayDeque<>();
        Instant slot = record.nextSlot();
        for (int walked = 0; !slot.isAfter(now) && walked < MAX_SLOT_WALK; walked++) {
            newest.addLast(slot);
            if (newest.size() > keep) {
                newest.removeFirst();
            }
            slot = slots.next(record.timing(), slot);
        }
        if (newest.isEmpty()) {
            newest.add(record.nextSlot());
        }
        return List.copyOf(newest);
    }

    private ScheduleTemplate template(ScheduleRecord record) {
        try {
            return services.codec().mapper().readValue(record.template(), ScheduleTemplate.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored template of schedule '" + record.id() + "' is unreadable", e);
        }
    }

    private static Instant slotOf(NewJob job) {
        String id = job.customId();
        return Instant.ofEpochMilli(Long.parseLong(id.substring(id.lastIndexOf(':') + 1)));
    }

    /** How long the scheduler may sleep before the next slot, capped by {@code cap}. */
    long millisUntilNextSlot(long capMillis) {
        Instant earliest = services.store().schedules().earliestNextSlot();
        if (earliest == null) {
            return capMillis;
        }
        long until = earliest.toEpochMilli() - services.clock().millis();
        return Math.max(1, Math.min(capMillis, until));
    }
}

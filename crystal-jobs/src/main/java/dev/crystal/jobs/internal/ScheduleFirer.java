package dev.crystal.jobs.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.crystal.jobs.AddResult;
import dev.crystal.jobs.CatchUp;
import dev.crystal.jobs.FiredSlot;
import dev.crystal.jobs.JobRef;
import dev.crystal.jobs.JobSchedules;
import dev.crystal.jobs.Schedule;
import dev.crystal.jobs.ScheduleTiming;
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
            template = services.codec().mapper().writeValueAsString(ScheduleTemplate.of(dataJson, schedule.options(),
                    schedule.limit(), schedule.endDate()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot store the job template of schedule '" + schedule.id() + "'", e);
        }
        Instant next = bounded(slots.next(timing, services.clock().instant()), schedule.endDate());
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
        ScheduleTemplate template = template(record);
        boolean ended = ended(record, template);
        return new ScheduleView(record.id(), record.queue(), record.jobName(), slots.describe(record.timing()),
                record.catchUp(), ended ? null : record.nextSlot(), record.lastSlot(), record.paused(), record.runs(),
                template.limit(), template.endDate(), ended);
    }

    /** Whether the schedule will never fire again: its limit is reached or its next slot is past its end date. */
    private static boolean ended(ScheduleRecord record, ScheduleTemplate template) {
        return !record.nextSlot().isBefore(ScheduleSlots.NEVER)
                || template.limit() > 0 && record.runs() >= template.limit()
                || template.endDate() != null && record.nextSlot().isAfter(template.endDate());
    }

    /** {@code next}, or {@link ScheduleSlots#NEVER} when it lies after the end date. */
    private static Instant bounded(Instant next, Instant endDate) {
        return endDate != null && next.isAfter(endDate) ? ScheduleSlots.NEVER : next;
    }

    @Override
    public boolean pause(String id) {
        return services.store().schedules().setPaused(id, true, null);
    }

    @Override
    public boolean resume(String id) {
        Optional<ScheduleRecord> record = services.store().schedules().get(id);
        if (record.isEmpty()) {
            return false;
        }
        ScheduleTemplate template = template(record.get());
        Instant next = ended(record.get(), template) ? record.get().nextSlot()
                : bounded(slots.next(record.get().timing(), services.clock().instant()), template.endDate());
        return services.store().schedules().setPaused(id, false, next);
    }

    @Override
    public Optional<AddResult> trigger(String id) {
        Optional<ScheduleRecord> found = services.store().schedules().get(id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ScheduleRecord record = found.get();
        Instant now = services.clock().instant();
        NewJob job = template(record).jobWithId(record.queue(), record.jobName(),
                "schedule:" + id + ":manual:" + now.toEpochMilli(), now);
        AddResult result = services.store().appender().add(List.of(job)).getFirst();
        services.wakeups().wake(record.queue());
        return Optional.of(result);
    }

    @Override
    public Optional<ScheduleView> setTiming(String id, ScheduleTiming timing) {
        Optional<ScheduleRecord> found = services.store().schedules().get(id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ScheduleRecord old = found.get();
        String encoded = slots.encode(timing);
        Instant next = bounded(slots.next(encoded, services.clock().instant()), template(old).endDate());
        services.store().schedules().upsert(new ScheduleRecord(old.id(), old.queue(), old.jobName(), encoded,
                old.template(), old.catchUp(), next, old.lastSlot(), old.paused(), old.runs()));
        return get(id);
    }

    @Override
    public List<Instant> nextRuns(String id, int count) {
        Optional<ScheduleRecord> found = services.store().schedules().get(id);
        if (found.isEmpty() || count <= 0) {
            return List.of();
        }
        ScheduleRecord record = found.get();
        ScheduleTemplate template = template(record);
        if (ended(record, template)) {
            return List.of();
        }
        long left = template.limit() > 0 ? template.limit() - record.runs() : Long.MAX_VALUE;
        List<Instant> runs = new ArrayList<>();
        Instant slot = record.nextSlot();
        while (runs.size() < count && runs.size() < left && slot.isBefore(ScheduleSlots.NEVER)
                && (template.endDate() == null || !slot.isAfter(template.endDate()))) {
            runs.add(slot);
            slot = slots.next(record.timing(), slot);
        }
        return runs;
    }

    @Override
    public List<FiredSlot> fireDue() {
        Instant now = services.clock().instant();
        List<FiredSlot> fired = new ArrayList<>();
        for (ScheduleRecord record : services.store().schedules().due(now)) {
            ScheduleTemplate template = template(record);
            List<Instant> due = new ArrayList<>(dueSlots(record, now, template.endDate()));
            long left = template.limit() > 0 ? Math.max(0, template.limit() - record.runs()) : Long.MAX_VALUE;
            while (due.size() > left) {
                due.removeLast();
            }
            List<NewJob> jobs = new ArrayList<>(due.size());
            for (Instant slot : due) {
                jobs.add(template.jobFor(record.queue(), record.jobName(), record.id(), slot, now));
            }
            Instant newNext = bounded(slots.next(record.timing(), now), template.endDate());
            if (template.limit() > 0 && record.runs() + jobs.size() >= template.limit()) {
                newNext = ScheduleSlots.NEVER;
            }
            Instant lastFired = due.isEmpty() ? null : due.getLast();
            if (services.store().schedules().fire(record.id(), record.nextSlot(), newNext, lastFired, jobs)) {
                for (NewJob job : jobs) {
                    fired.add(new FiredSlot(record.id(), slotOf(job), new JobRef(job.queue(), job.customId())));
                }
                services.wakeups().wake(record.queue());
            }
        }
        return fired;
    }

    /**
     * Due slots from the stored next slot up to now (and up to the end date, if any), reduced by the catch-up
     * policy; empty only when the next slot lies after the end date.
     */
    private List<Instant> dueSlots(ScheduleRecord record, Instant now, Instant endDate) {
        int keep = record.catchUp() == CatchUp.ALL ? MAX_CATCH_UP_SLOTS : 1;
        Deque<Instant> newest = new ArrayDeque<>();
        Instant slot = record.nextSlot();
        Instant until = endDate != null && endDate.isBefore(now) ? endDate : now;
        if (endDate != null && slot.isAfter(endDate)) {
            return List.of();
        }
        for (int walked = 0; !slot.isAfter(until) && walked < MAX_SLOT_WALK; walked++) {
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

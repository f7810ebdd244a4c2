package dev.crystal.redis.jobs;

import dev.crystal.jobs.CatchUp;
import dev.crystal.jobs.UpsertResult;
import dev.crystal.jobs.spi.NewJob;
import dev.crystal.jobs.spi.ScheduleRecord;
import dev.crystal.jobs.spi.ScheduleStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Redis {@link ScheduleStore}: a hash per schedule plus a sorted set by next slot (+inf while paused); firing is
 * one script that compares the next slot, moves it, counts the runs and adds the slot's jobs. Stateless.
 */
final class RedisScheduleStore implements ScheduleStore {
    private final LuaScripts scripts;

    RedisScheduleStore(LuaScripts scripts) {
        this.scripts = scripts;
    }

    @Override
    public UpsertResult upsert(ScheduleRecord schedule) {
        return UpsertResult.valueOf(scripts.text("schedule_upsert", List.of(schedule.id(), schedule.queue(),
                schedule.jobName(), schedule.timing(), schedule.template(), schedule.catchUp().name(),
                JobArgs.millis(schedule.nextSlot()))));
    }

    @Override
    public boolean remove(String id) {
        return scripts.number("schedule_remove", List.of(id)) == 1;
    }

    @Override
    public boolean setPaused(String id, boolean paused, Instant nextSlot) {
        return scripts.number("schedule_pause", List.of(id, paused ? "1" : "0", JobArgs.millis(nextSlot))) == 1;
    }

    @Override
    public Optional<ScheduleRecord> get(String id) {
        return read("one", id).stream().findFirst();
    }

    @Override
    public List<ScheduleRecord> list() {
        List<ScheduleRecord> all = read("all", "");
        all.sort(Comparator.comparing(ScheduleRecord::id));
        return all;
    }

    @Override
    public List<ScheduleRecord> due(Instant now) {
        return read("due", JobArgs.millis(now));
    }

    @Override
    public Instant earliestNextSlot() {
        String earliest = scripts.text("schedule_earliest", List.of());
        return earliest.isEmpty() ? null : new ReplyCursor(List.of(earliest)).instant();
    }

    @Override
    public boolean fire(String id, Instant expectedNextSlot, Instant newNextSlot, Instant lastFired,
                        List<NewJob> jobs) {
        List<String> args = new ArrayList<>(5 + jobs.size() * 17);
        args.add(id);
        args.add(JobArgs.millis(expectedNextSlot));
        args.add(JobArgs.millis(newNextSlot));
        args.add(JobArgs.millis(lastFired));
        args.add(Integer.toString(jobs.size()));
        for (NewJob job : jobs) {
            JobArgs.append(job, args);
        }
        return scripts.number("schedule_fire", args) == 1;
    }

    private List<ScheduleRecord> read(String mode, String argument) {
        ReplyCursor reply = scripts.list("schedule_read", List.of(mode, argument));
        List<ScheduleRecord> records = new ArrayList<>();
        while (reply.hasMore()) {
            records.add(new ScheduleRecord(reply.text(), reply.text(), reply.text(), reply.text(), reply.text(),
                    CatchUp.valueOf(reply.text()), reply.instant(), reply.optionalInstant(), reply.text().equals("1"),
                    reply.number()));
        }
        return records;
    }
}

package dev.crystal.redis.jobs;

import dev.crystal.jobs.ControlResult;
import dev.crystal.jobs.JobState;
import dev.crystal.jobs.spi.QueueControl;
import java.time.Instant;
import java.util.List;

/** Redis {@link QueueControl}: pause flags in a set, retry/remove/clean as one script each. Stateless. */
final class RedisQueueControl implements QueueControl {
    private final LuaScripts scripts;

    RedisQueueControl(LuaScripts scripts) {
        this.scripts = scripts;
    }

    @Override
    public void setPaused(String queue, boolean paused) {
        scripts.number("set_paused", List.of(queue, paused ? "1" : "0"));
    }

    @Override
    public boolean isPaused(String queue) {
        return scripts.number("is_paused", List.of(queue)) == 1;
    }

    @Override
    public ControlResult retry(String queue, String id, Instant now) {
        return ControlResult.valueOf(scripts.text("retry", List.of(queue, id, JobArgs.millis(now))));
    }

    @Override
    public ControlResult remove(String queue, String id) {
        return ControlResult.valueOf(scripts.text("remove", List.of(queue, id)));
    }

    @Override
    public int clean(String queue, JobState state, Instant finishedBefore, int limit) {
        if (state == JobState.ACTIVE) {
            throw new IllegalArgumentException("active jobs cannot be cleaned; they belong to workers");
        }
        if (limit <= 0) {
            return 0;
        }
        return Math.toIntExact(scripts.number("clean",
                List.of(queue, state.code(), JobArgs.millis(finishedBefore), Integer.toString(limit))));
    }
}

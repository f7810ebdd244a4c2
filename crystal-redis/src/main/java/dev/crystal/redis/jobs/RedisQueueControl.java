package dev.crystal.redis.jobs;

import dev.crystal.jobs.ControlResult;
import dev.crystal.jobs.JobState;
import dev.crystal.jobs.ObliterateResult;
import dev.crystal.jobs.spi.QueueControl;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Redis {@link QueueControl}: pause flags in a set; retry, remove, clean, promote and data updates as one
 * script each; obliterate as a few batched scripts. Stateless.
 */
final class RedisQueueControl implements QueueControl {
    /** Jobs removed per obliterate script call. */
    static final int OBLITERATE_BATCH = 1000;

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
    public List<String> clean(String queue, JobState state, Instant finishedBefore, int limit) {
        if (state == JobState.ACTIVE) {
            throw new IllegalArgumentException("active jobs cannot be cleaned; they belong to workers");
        }
        if (limit <= 0) {
            return List.of();
        }
        ReplyCursor reply = scripts.list("clean",
                List.of(queue, state.code(), JobArgs.millis(finishedBefore), Integer.toString(limit)));
        List<String> ids = new ArrayList<>();
        while (reply.hasMore()) {
            ids.add(reply.text());
        }
        return ids;
    }

    @Override
    public ControlResult promote(String queue, String id, Instant now) {
        return ControlResult.valueOf(scripts.text("promote", List.of(queue, id, JobArgs.millis(now))));
    }

    @Override
    public ControlResult updateData(String queue, String id, String dataJson) {
        return ControlResult.valueOf(scripts.text("update_data", List.of(queue, id, dataJson)));
    }

    /**
     * Deletes in batches of {@value #OBLITERATE_BATCH} jobs per script, so Redis is never blocked for long; the
     * first script decides (refused while jobs are active, unless forced) and pauses the queue until the last.
     */
    @Override
    public ObliterateResult obliterate(String queue, boolean force) {
        long removed = 0;
        boolean accepted = force;
        while (true) {
            ReplyCursor reply = scripts.list("obliterate",
                    List.of(queue, accepted ? "1" : "0", Integer.toString(OBLITERATE_BATCH)));
            accepted = true;
            String kind = reply.text();
            switch (kind) {
                case "A" -> {
                    return new ObliterateResult.ActiveJobs(queue, reply.number());
                }
                case "P" -> removed += reply.number();
                case "O" -> {
                    removed += reply.number();
                    return new ObliterateResult.Obliterated(queue, removed, reply.integer());
                }
                default -> throw new IllegalStateException("unknown obliterate result '" + kind + "' from Redis");
            }
        }
    }
}

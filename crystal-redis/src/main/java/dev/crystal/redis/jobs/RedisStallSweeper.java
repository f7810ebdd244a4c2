package dev.crystal.redis.jobs;

import dev.crystal.jobs.JobRef;
import dev.crystal.jobs.spi.FinishResult;
import dev.crystal.jobs.spi.StallSweeper;
import dev.crystal.jobs.spi.StalledJob;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Redis {@link StallSweeper}: one {@code recover_stalled} script over every queue's active set. Stateless. */
final class RedisStallSweeper implements StallSweeper {
    private final LuaScripts scripts;

    RedisStallSweeper(LuaScripts scripts) {
        this.scripts = scripts;
    }

    @Override
    public List<StalledJob> recoverStalled(Instant now, int maxStalledCount) {
        ReplyCursor reply = scripts.list("recover_stalled",
                List.of(JobArgs.millis(now), Integer.toString(maxStalledCount)));
        List<StalledJob> stalled = new ArrayList<>();
        while (reply.hasMore()) {
            String queue = reply.text();
            if (FinishResults.read(reply) instanceof FinishResult.Applied applied) {
                stalled.add(new StalledJob(new JobRef(queue, applied.jobId()), applied.state(), applied.readied(),
                        applied.failedParents()));
            }
        }
        return stalled;
    }
}

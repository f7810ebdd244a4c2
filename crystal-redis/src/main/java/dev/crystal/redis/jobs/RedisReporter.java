package dev.crystal.redis.jobs;

import dev.crystal.jobs.spi.JobReporter;
import java.time.Instant;
import java.util.List;

/** Redis {@link JobReporter}: progress under the lock token, log lines on a list per job. Stateless. */
final class RedisReporter implements JobReporter {
    private final LuaScripts scripts;

    RedisReporter(LuaScripts scripts) {
        this.scripts = scripts;
    }

    @Override
    public boolean progress(String queue, String jobId, String lockToken, String progressJson) {
        return scripts.number("progress", List.of(queue, jobId, lockToken, progressJson)) == 1;
    }

    @Override
    public boolean log(String queue, String jobId, String line, Instant at) {
        return scripts.number("log", List.of(queue, jobId, line)) == 1;
    }
}

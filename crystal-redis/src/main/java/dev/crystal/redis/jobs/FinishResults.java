package dev.crystal.redis.jobs;

import dev.crystal.jobs.JobRef;
import dev.crystal.jobs.JobState;
import dev.crystal.jobs.spi.FailedParent;
import dev.crystal.jobs.spi.FinishResult;
import java.util.ArrayList;
import java.util.List;

/** Decodes one outcome result written by {@code appendResult} in {@code common.lua}. Stateless. */
final class FinishResults {
    private FinishResults() {
    }

    static FinishResult read(ReplyCursor reply) {
        String kind = reply.text();
        String id = reply.text();
        if (kind.equals("L")) {
            return new FinishResult.LockLost(id);
        }
        JobState state = JobState.ofCode(reply.text());
        int readiedCount = reply.integer();
        List<JobRef> readied = new ArrayList<>(readiedCount);
        for (int i = 0; i < readiedCount; i++) {
            readied.add(new JobRef(reply.text(), reply.text()));
        }
        int failedCount = reply.integer();
        List<FailedParent> failed = new ArrayList<>(failedCount);
        for (int i = 0; i < failedCount; i++) {
            failed.add(new FailedParent(new JobRef(reply.text(), reply.text()), reply.text()));
        }
        return new FinishResult.Applied(id, state, readied, failed);
    }
}

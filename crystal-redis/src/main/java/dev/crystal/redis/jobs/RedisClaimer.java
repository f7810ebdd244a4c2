package dev.crystal.redis.jobs;

import dev.crystal.jobs.JobRef;
import dev.crystal.jobs.spi.ClaimRequest;
import dev.crystal.jobs.spi.ClaimedJob;
import dev.crystal.jobs.spi.CycleResult;
import dev.crystal.jobs.spi.FinishResult;
import dev.crystal.jobs.spi.JobClaimer;
import dev.crystal.jobs.spi.JobOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Redis {@link JobClaimer}: a whole worker cycle (apply a batch of outcomes, promote due delayed jobs, claim
 * the next batch) is one {@code finish_and_claim} script, so one round trip per batch. Stateless.
 */
final class RedisClaimer implements JobClaimer {
    private final LuaScripts scripts;
    private final RedisQueueWaker waker;

    RedisClaimer(LuaScripts scripts, RedisQueueWaker waker) {
        this.scripts = scripts;
        this.waker = waker;
    }

    /** Wakes {@code wake} on another process's waiting or delayed event of {@code queue} (see RedisQueueWaker). */
    @Override
    public long wakeOnChange(String queue, Runnable wake) {
        return waker.register(queue, wake);
    }

    @Override
    public void stopWaking(String queue, Runnable wake) {
        waker.unregister(queue, wake);
    }

    @Override
    public CycleResult finishAndClaim(String queue, List<JobOutcome> outcomes, ClaimRequest claim) {
        List<String> args = new ArrayList<>(6 + outcomes.size() * 6);
        args.add(queue);
        args.add(JobArgs.millis(claim.now()));
        args.add(Integer.toString(claim.max()));
        args.add(claim.lockToken());
        args.add(JobArgs.millis(claim.lockUntil()));
        args.add(Integer.toString(outcomes.size()));
        for (JobOutcome outcome : outcomes) {
            appendOutcome(outcome, args);
        }
        ReplyCursor reply = scripts.list("finish_and_claim", args);
        int finishedCount = reply.integer();
        List<FinishResult> finished = new ArrayList<>(finishedCount);
        for (int i = 0; i < finishedCount; i++) {
            finished.add(FinishResults.read(reply));
        }
        boolean paused = reply.integer() == 1;
        Instant nextDelayed = reply.optionalInstant();
        int claimedCount = reply.integer();
        List<ClaimedJob> claimed = new ArrayList<>(claimedCount);
        for (int i = 0; i < claimedCount; i++) {
            claimed.add(claimed(queue, reply));
        }
        return new CycleResult(finished, claimed, nextDelayed, paused);
    }

    private static void appendOutcome(JobOutcome outcome, List<String> args) {
        switch (outcome) {
            case JobOutcome.Completed completed -> {
                args.add("C");
                addCommon(outcome, args);
                args.add(completed.returnValueJson());
                args.add("");
            }
            case JobOutcome.Released released -> {
                args.add("R");
                addCommon(released, args);
                args.add("");
                args.add("");
            }
            case JobOutcome.Failed failed -> {
                args.add("F");
                addCommon(failed, args);
                args.add(JobArgs.orEmpty(failed.reason()));
                args.add(JobArgs.millis(failed.retryAt()));
            }
        }
    }

    private static void addCommon(JobOutcome outcome, List<String> args) {
        args.add(outcome.jobId());
        args.add(outcome.lockToken());
        args.add(JobArgs.millis(outcome.at()));
    }

    private static ClaimedJob claimed(String queue, ReplyCursor reply) {
        String id = reply.text();
        String name = reply.text();
        String data = reply.text();
        int attemptsMade = reply.integer();
        int maxAttempts = reply.integer();
        String backoff = reply.text();
        String correlationId = reply.optionalText();
        Instant readyAt = reply.instant();
        boolean hasParent = !reply.text().isEmpty();
        int priority = reply.integer();
        long order = reply.number();
        String timeout = reply.text();
        return new ClaimedJob(new JobRef(queue, id), name, data, attemptsMade, maxAttempts, backoff, correlationId,
                readyAt, hasParent, priority, order, timeout.isEmpty() ? 0 : Long.parseLong(timeout));
    }

    @Override
    public List<String> extendLocks(String queue, String lockToken, Collection<String> jobIds, Instant until) {
        if (jobIds.isEmpty()) {
            return List.of();
        }
        List<String> args = new ArrayList<>(3 + jobIds.size());
        args.add(queue);
        args.add(lockToken);
        args.add(JobArgs.millis(until));
        args.addAll(jobIds);
        ReplyCursor reply = scripts.list("extend_locks", args);
        List<String> lost = new ArrayList<>();
        while (reply.hasMore()) {
            lost.add(reply.text());
        }
        return lost;
    }
}

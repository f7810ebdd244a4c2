package dev.crystal.redis.jobs;

import dev.crystal.jobs.JobRef;
import dev.crystal.jobs.JobState;
import dev.crystal.jobs.JobTransition;
import dev.crystal.jobs.JobView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes the 21 fields {@code view} in {@code common.lua} writes per job, including the history text
 * ({@code millis TAB from TAB to TAB reason} per line, {@code -} for no previous state). Stateless.
 */
final class JobViews {
    private JobViews() {
    }

    static JobView read(String queue, ReplyCursor reply) {
        String id = reply.text();
        String name = reply.text();
        String data = reply.text();
        JobState state = JobState.ofCode(reply.text());
        int priority = reply.integer();
        int maxAttempts = reply.integer();
        int attemptsMade = reply.integer();
        int attemptsStarted = reply.integer();
        int stalledCount = reply.integer();
        String progress = reply.optionalText();
        String returnValue = reply.optionalText();
        String failedReason = reply.optionalText();
        String correlationId = reply.optionalText();
        String parentQueue = reply.text();
        String parentId = reply.text();
        JobRef parent = parentQueue.isEmpty() ? null : new JobRef(parentQueue, parentId);
        int pendingChildren = reply.integer();
        Instant createdAt = reply.instant();
        Instant runAt = reply.optionalInstant();
        Instant processedAt = reply.optionalInstant();
        Instant finishedAt = reply.optionalInstant();
        List<JobTransition> history = history(reply.text());
        return new JobView(new JobRef(queue, id), name, data, state, priority, maxAttempts, attemptsMade,
                attemptsStarted, stalledCount, progress, returnValue, failedReason, correlationId, parent,
                pendingChildren, createdAt, runAt, processedAt, finishedAt, history);
    }

    static List<JobView> readAll(String queue, ReplyCursor reply) {
        List<JobView> views = new ArrayList<>();
        while (reply.hasMore()) {
            views.add(read(queue, reply));
        }
        return views;
    }

    static List<JobTransition> history(String text) {
        List<JobTransition> transitions = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] parts = line.split("\t", 4);
            JobState from = parts[1].equals("-") ? null : JobState.ofCode(parts[1]);
            transitions.add(new JobTransition(from, JobState.ofCode(parts[2]),
                    Instant.ofEpochMilli(Long.parseLong(parts[0])), parts.length > 3 ? parts[3] : ""));
        }
        return transitions;
    }
}

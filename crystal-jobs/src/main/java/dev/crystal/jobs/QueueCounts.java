package dev.crystal.jobs;

import java.util.EnumMap;
import java.util.Map;

/**
 * How many jobs of a queue are in each state. Immutable.
 *
 * @param queue  queue name
 * @param byState count per state (every state present)
 * @param paused whether the queue is paused
 */
public record QueueCounts(String queue, Map<JobState, Long> byState, boolean paused) {
    public QueueCounts {
        EnumMap<JobState, Long> all = new EnumMap<>(JobState.class);
        for (JobState state : JobState.values()) {
            all.put(state, byState.getOrDefault(state, 0L));
        }
        byState = Map.copyOf(all);
    }

    /** The count in one state. */
    public long get(JobState state) {
        return byState.get(state);
    }

    /** The count over all states. */
    public long total() {
        return byState.values().stream().mapToLong(Long::longValue).sum();
    }
}

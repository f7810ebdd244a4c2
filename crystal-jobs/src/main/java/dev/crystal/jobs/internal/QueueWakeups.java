package dev.crystal.jobs.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * Wakes the workers of a queue when this process makes jobs ready there, so no worker waits for its poll
 * interval. Registrations change rarely (copy-on-write); wake-ups come from any thread.
 */
final class QueueWakeups {
    private final ConcurrentHashMap<String, Set<QueueWorkerAgent>> agents = new ConcurrentHashMap<>();

    void register(QueueWorkerAgent agent) {
        agents.computeIfAbsent(agent.queue(), queue -> new CopyOnWriteArraySet<>()).add(agent);
    }

    void unregister(QueueWorkerAgent agent) {
        Set<QueueWorkerAgent> set = agents.get(agent.queue());
        if (set != null) {
            set.remove(agent);
        }
    }

    void wake(String queue) {
        Set<QueueWorkerAgent> set = agents.get(queue);
        if (set != null) {
            for (QueueWorkerAgent agent : set) {
                agent.wake();
            }
        }
    }
}

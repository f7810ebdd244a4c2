package dev.crystal.server.http;

import dev.crystal.jobs.JobQueue;
import dev.crystal.jobs.JobState;
import dev.crystal.jobs.JobView;
import dev.crystal.jobs.Jobs;
import java.util.ArrayList;
import java.util.List;

/**
 * The children of a flow parent, found by reading the queues (the store keeps the parent on each child, not a
 * list of children on the parent). Only jobs that started in {@code waiting-children} are parents; the scan reads
 * at most {@link #SCAN_LIMIT} jobs per queue and state, so children beyond that (or removed by retention) are not
 * listed. Stateless.
 */
final class FlowChildren {
    /** Jobs read per queue and state while looking for children. */
    static final int SCAN_LIMIT = 2000;
    private static final int PAGE = 500;

    private FlowChildren() {
    }

    /** The children of {@code parent} in any of {@code queues}, in queue order; empty for a job that is no parent. */
    static List<JobView> of(Jobs jobs, List<String> queues, JobView parent) {
        if (parent.history().isEmpty() || parent.history().get(0).to() != JobState.WAITING_CHILDREN) {
            return List.of();
        }
        List<JobView> out = new ArrayList<>();
        for (String name : queues) {
            JobQueue queue = jobs.queue(name);
            for (JobState state : JobState.values()) {
                for (int offset = 0; offset < SCAN_LIMIT; offset += PAGE) {
                    List<JobView> page = queue.list(state, offset, PAGE);
                    for (JobView job : page) {
                        if (parent.ref().equals(job.parent())) {
                            out.add(job);
                        }
                    }
                    if (page.size() < PAGE) {
                        break;
                    }
                }
            }
        }
        return out;
    }
}

package dev.crystal.jobs.spi;

import dev.crystal.jobs.JobRef;
import dev.crystal.jobs.JobState;
import dev.crystal.jobs.JobView;
import dev.crystal.jobs.QueueCounts;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Port: read-only views of queues and jobs. Thread-safe.
 */
public interface JobInspector {

    /** One job. */
    Optional<JobView> job(String queue, String id);

    /** Log lines of a job, oldest first. */
    List<String> logs(String queue, String id);

    /** Counts per state. */
    QueueCounts counts(String queue);

    /** Jobs in a state: ready states in run order, others newest first. */
    List<JobView> list(String queue, JobState state, int offset, int limit);

    /** Return values of the completed children of a flow parent. */
    Map<JobRef, String> childrenValues(String queue, String parentId);

    /** Every queue with jobs or settings. */
    List<String> queueNames();
}

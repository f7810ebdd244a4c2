package dev.crystal.jobs.spi;

import dev.crystal.jobs.AddResult;
import dev.crystal.jobs.FlowResult;
import java.util.List;

/**
 * Port: adds jobs and flows. Each call is one atomic, durable write. Implementations are thread-safe.
 */
public interface JobAppender {

    /**
     * Stores jobs in one transaction, de-duplicating by custom id within the queue.
     *
     * @return one result per job, in order
     */
    List<AddResult> add(List<NewJob> jobs);

    /** Stores a whole flow tree in one transaction, or nothing if any custom id exists already. */
    FlowResult addFlow(NewFlowNode root);
}

package dev.crystal.jobs;

import java.util.Objects;

/**
 * Names a job: its queue and its id inside that queue. Immutable.
 *
 * @param queue the queue name
 * @param id    the job id (generated digits, or the custom id given at add)
 */
public record JobRef(String queue, String id) {
    public JobRef {
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(id, "id");
    }

    @Override
    public String toString() {
        return queue + ":" + id;
    }
}

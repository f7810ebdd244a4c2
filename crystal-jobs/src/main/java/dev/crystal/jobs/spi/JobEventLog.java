package dev.crystal.jobs.spi;

import dev.crystal.jobs.QueueEvent;
import java.util.List;

/**
 * Port: reads a queue's durable event log, which the store writes in the same atomic write as each state
 * change (Redis: one stream per queue; SQLite: the {@code job_events} table). Readers need not run an
 * engine. Thread-safe.
 */
public interface JobEventLog {

    /** Events of {@code queue} with an id greater than {@code afterId}, oldest first, at most {@code max}. */
    List<QueueEvent> read(String queue, long afterId, int max);

    /** The id of the newest event of {@code queue} still in the log, or 0 when it has none. */
    long lastId(String queue);
}

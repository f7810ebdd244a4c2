package dev.crystal.jobs;

import java.util.function.Consumer;

/**
 * Subscription to job events of this process. Listeners run on the thread that produced the event (a
 * worker's dispatch thread or the maintenance thread), so they must be quick and must not block.
 */
public interface JobEvents {

    /** Subscribes to every event; close the returned handle to stop. */
    Subscription subscribe(Consumer<JobEvent> listener);

    /** A live subscription. */
    interface Subscription extends AutoCloseable {
        /** Stops delivery to this listener. */
        @Override
        void close();
    }
}

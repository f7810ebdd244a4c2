package dev.crystal.jobs.internal;

import dev.crystal.jobs.JobEvent;
import dev.crystal.jobs.JobEvents;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In-process event fan-out. The listener list is copy-on-write: subscribers change rarely, events are
 * emitted from any engine thread and delivered on that thread.
 */
final class LocalJobEvents implements JobEvents {
    private static final Logger LOG = LoggerFactory.getLogger(LocalJobEvents.class);

    private final List<Consumer<JobEvent>> listeners = new CopyOnWriteArrayList<>();

    @Override
    public Subscription subscribe(Consumer<JobEvent> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    boolean hasListeners() {
        return !listeners.isEmpty();
    }

    void emit(JobEvent event) {
        for (Consumer<JobEvent> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("job event listener failed on {}", event, e);
            }
        }
    }
}

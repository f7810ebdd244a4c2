package dev.crystal.jobs;

import dev.crystal.jobs.internal.JobEngine;
import dev.crystal.jobs.spi.JobStore;
import java.util.List;

/**
 * The entry point: queues, workers, flows, schedules and events over one {@link JobStore}. Thread-safe;
 * several instances may run in one JVM (each with its own store or sharing one).
 *
 * <pre>{@code
 * try (JobStore store = SqliteJobStore.open(Path.of("jobs.db"));
 *      Jobs jobs = Jobs.open(store, JobsConfig.defaults())) {
 *     jobs.queue("emails").add("welcome", Map.of("to", "a@example.com"));
 *     jobs.worker("emails", job -> send(job.data(Email.class)), WorkerOptions.defaults());
 * }
 * }</pre>
 */
public interface Jobs extends AutoCloseable {

    /** Starts the engine (stalled-job sweeps, schedule firing) over {@code store}. The caller closes the store. */
    static Jobs open(JobStore store, JobsConfig config) {
        return JobEngine.start(store, config);
    }

    /** The queue with this name (created on first add). */
    JobQueue queue(String name);

    /** Names of every queue that has jobs or settings in the store. */
    List<String> queueNames();

    /** Starts a worker that runs {@code processor} for jobs of {@code queue}. */
    JobWorker worker(String queue, JobProcessor processor, WorkerOptions options);

    /**
     * Starts a worker running a new instance of {@code processorClass} (a public class with a public
     * no-argument constructor); with {@link WorkerOptions#sandbox()} set, the instances live in child JVMs.
     *
     * @throws IllegalArgumentException if the class cannot be instantiated
     */
    default JobWorker worker(String queue, Class<? extends JobProcessor> processorClass, WorkerOptions options) {
        JobProcessor processor;
        try {
            processor = processorClass.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot create processor " + processorClass.getName()
                    + " with its public no-argument constructor: " + e, e);
        }
        return worker(queue, processor, options);
    }

    /** Adds flows. */
    FlowProducer flows();

    /** Repeating jobs. */
    JobSchedules schedules();

    /** Event subscription (this process's engine only). */
    JobEvents events();

    /** Events of every process on the store, from the store's durable log (see {@link QueueEvents}). */
    QueueEvents queueEvents();

    /**
     * Looks for stalled jobs now (also done every {@link JobsConfig#stalledInterval()}).
     *
     * @return how many stalled jobs were moved
     */
    int checkStalled();

    /** Closes every worker (see {@link JobWorker#close()}) and stops the background threads. */
    @Override
    void close();
}

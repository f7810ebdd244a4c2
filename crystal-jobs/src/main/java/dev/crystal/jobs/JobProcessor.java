package dev.crystal.jobs;

/**
 * The work done for each job of a queue. Called on a worker's processing thread, one call per job at a
 * time; many calls may run in parallel up to the worker's concurrency, so keep it free of shared mutable
 * state.
 */
@FunctionalInterface
public interface JobProcessor {
    /**
     * Runs one attempt of a job.
     *
     * @param job the job being processed
     * @return the return value (written as JSON; {@code null} allowed)
     * @throws UnrecoverableJobException to fail the job without further attempts
     * @throws Exception                 to fail this attempt (retried while attempts remain)
     */
    Object process(JobContext job) throws Exception;
}

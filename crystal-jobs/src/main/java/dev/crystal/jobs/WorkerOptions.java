package dev.crystal.jobs;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How a worker runs its processor. Immutable; build with {@link #builder()}.
 *
 * @param concurrency       processors running at the same time
 * @param prefetch          jobs claimed ahead of free processors (held active under the worker's lock, so the
 *                          next batch is ready while the previous one commits); a closing worker hands
 *                          unstarted ones back
 * @param lockDuration      how long a claim's lock lasts; renewed at half that while the processor runs
 * @param pollInterval      longest idle wait before looking for ready jobs again (adds in this process wake
 *                          the worker at once)
 * @param backoffStrategies custom backoff strategies by type
 * @param sandbox           child JVMs to run the processor in, or {@code null} to run it in this JVM
 */
public record WorkerOptions(int concurrency, int prefetch, Duration lockDuration, Duration pollInterval,
                           Map<String, BackoffStrategy> backoffStrategies, SandboxOptions sandbox) {

    /** One job at a time. */
    public static final int DEFAULT_CONCURRENCY = 1;
    /** Lock duration when not set. */
    public static final Duration DEFAULT_LOCK_DURATION = Duration.ofSeconds(30);
    /** Poll interval when not set. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(200);

    public WorkerOptions {
        Objects.requireNonNull(lockDuration, "lockDuration");
        Objects.requireNonNull(pollInterval, "pollInterval");
        backoffStrategies = Map.copyOf(backoffStrategies);
        if (concurrency < 1 || concurrency > 10_000) {
            throw new IllegalArgumentException("concurrency must be within 1..10000 but was " + concurrency);
        }
        if (prefetch < 0 || prefetch > 10_000) {
            throw new IllegalArgumentException("prefetch must be within 0..10000 but was " + prefetch);
        }
        if (lockDuration.toMillis() < 10) {
            throw new IllegalArgumentException("lockDuration must be at least 10ms but was " + lockDuration);
        }
        if (pollInterval.toMillis() < 1) {
            throw new IllegalArgumentException("pollInterval must be at least 1ms but was " + pollInterval);
        }
    }

    /** Options without a sandbox (the processor runs in this JVM). */
    public WorkerOptions(int concurrency, int prefetch, Duration lockDuration, Duration pollInterval,
                         Map<String, BackoffStrategy> backoffStrategies) {
        this(concurrency, prefetch, lockDuration, pollInterval, backoffStrategies, null);
    }

    /** Default options. */
    public static WorkerOptions defaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link WorkerOptions}. Not thread-safe. */
    public static final class Builder {
        private int concurrency = DEFAULT_CONCURRENCY;
        private int prefetch;
        private Duration lockDuration = DEFAULT_LOCK_DURATION;
        private Duration pollInterval = DEFAULT_POLL_INTERVAL;
        private final Map<String, BackoffStrategy> strategies = new HashMap<>();
        private SandboxOptions sandbox;

        private Builder() {
        }

        /** Processors running at the same time. */
        public Builder concurrency(int concurrency) {
            this.concurrency = concurrency;
            return this;
        }

        /** Jobs claimed ahead of free processors (0 by default: a worker holds at most {@code concurrency}). */
        public Builder prefetch(int prefetch) {
            this.prefetch = prefetch;
            return this;
        }

        /** How long a claim's lock lasts without renewal. */
        public Builder lockDuration(Duration lockDuration) {
            this.lockDuration = lockDuration;
            return this;
        }

        /** Longest idle wait between looks for ready jobs. */
        public Builder pollInterval(Duration pollInterval) {
            this.pollInterval = pollInterval;
            return this;
        }

        /** Registers the strategy used by {@link Backoff#custom(String)} jobs of this {@code type}. */
        public Builder backoffStrategy(String type, BackoffStrategy strategy) {
            strategies.put(Objects.requireNonNull(type, "type"), Objects.requireNonNull(strategy, "strategy"));
            return this;
        }

        /**
         * Runs the processor in child JVMs ({@code null}, the default: in this JVM). The processor must then
         * be a public class with a public no-argument constructor, so a child can load it by name.
         */
        public Builder sandbox(SandboxOptions sandbox) {
            this.sandbox = sandbox;
            return this;
        }

        /** Validates and builds. */
        public WorkerOptions build() {
            return new WorkerOptions(concurrency, prefetch, lockDuration, pollInterval, strategies, sandbox);
        }
    }
}

package dev.crystal.jobs;

import java.time.Duration;
import java.util.Objects;

/**
 * Options for one job. Immutable; build with {@link #builder()} or use {@link #defaults()}.
 *
 * @param jobId            custom id for de-duplication (not all digits), or {@code null} for a generated id
 * @param delay            wait before the job becomes ready
 * @param priority         0 for none, else 1 (highest) up to {@link #MAX_PRIORITY}
 * @param attempts         how many times the processor may run before the job fails (at least 1)
 * @param backoff          delay between attempts
 * @param removeOnComplete retention of completed jobs
 * @param removeOnFail     retention of failed jobs
 * @param correlationId    id of the request or message that caused the job, or {@code null}
 * @param onChildFailure   for a flow child: what its final failure does to its parent
 * @param lifo             taken before every older ready job of the same priority (last in, first out)
 * @param timeout          longest an attempt may run before it fails with reason {@code TIMEOUT} (its
 *                         processor is interrupted; the job retries by its backoff), or {@code null} for none
 */
public record JobOptions(
        String jobId,
        Duration delay,
        int priority,
        int attempts,
        Backoff backoff,
        Retention removeOnComplete,
        Retention removeOnFail,
        String correlationId,
        ChildFailurePolicy onChildFailure,
        boolean lifo,
        Duration timeout) {

    /** The largest priority number (the lowest priority). */
    public static final int MAX_PRIORITY = 2_097_152;
    /** One attempt by default: failures are final unless {@code attempts} says otherwise. */
    public static final int DEFAULT_ATTEMPTS = 1;

    private static final JobOptions DEFAULTS = builder().build();

    public JobOptions {
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(removeOnComplete, "removeOnComplete");
        Objects.requireNonNull(removeOnFail, "removeOnFail");
        Objects.requireNonNull(onChildFailure, "onChildFailure");
        if (jobId != null && (jobId.isBlank() || jobId.chars().allMatch(Character::isDigit))) {
            throw new IllegalArgumentException("custom job id must be non-blank and not all digits "
                    + "(digits are reserved for generated ids) but was '" + jobId + "'");
        }
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative but was " + delay);
        }
        if (priority < 0 || priority > MAX_PRIORITY) {
            throw new IllegalArgumentException("priority must be within 0.." + MAX_PRIORITY + " but was " + priority);
        }
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be >= 1 but was " + attempts);
        }
        if (timeout != null && timeout.toMillis() < 1) {
            throw new IllegalArgumentException("timeout must be at least 1ms but was " + timeout);
        }
    }

    /** Options without LIFO and timeout (the form before those options existed). */
    public JobOptions(String jobId, Duration delay, int priority, int attempts, Backoff backoff,
                      Retention removeOnComplete, Retention removeOnFail, String correlationId,
                      ChildFailurePolicy onChildFailure) {
        this(jobId, delay, priority, attempts, backoff, removeOnComplete, removeOnFail, correlationId, onChildFailure,
                false, null);
    }

    /** No custom id, no delay, no priority, one attempt, keep every finished job. */
    public static JobOptions defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.jobId = jobId;
        builder.delay = delay;
        builder.priority = priority;
        builder.attempts = attempts;
        builder.backoff = backoff;
        builder.removeOnComplete = removeOnComplete;
        builder.removeOnFail = removeOnFail;
        builder.correlationId = correlationId;
        builder.onChildFailure = onChildFailure;
        builder.lifo = lifo;
        builder.timeout = timeout;
        return builder;
    }

    /** Builds {@link JobOptions}; validation happens in {@link #build()}. Not thread-safe. */
    public static final class Builder {
        private String jobId;
        private Duration delay = Duration.ZERO;
        private int priority;
        private int attempts = DEFAULT_ATTEMPTS;
        private Backoff backoff = Backoff.none();
        private Retention removeOnComplete = Retention.keepAll();
        private Retention removeOnFail = Retention.keepAll();
        private String correlationId;
        private ChildFailurePolicy onChildFailure = ChildFailurePolicy.FAIL_PARENT;
        private boolean lifo;
        private Duration timeout;

        private Builder() {
        }

        /** Custom id: adding the same id with the same data again adds nothing; with other data it is a conflict. */
        public Builder jobId(String jobId) {
            this.jobId = jobId;
            return this;
        }

        /** Wait before the job becomes ready. */
        public Builder delay(Duration delay) {
            this.delay = delay;
            return this;
        }

        /** 0 for none, 1 is the highest. */
        public Builder priority(int priority) {
            this.priority = priority;
            return this;
        }

        /** Total runs allowed, the first included. */
        public Builder attempts(int attempts) {
            this.attempts = attempts;
            return this;
        }

        /** Delay between attempts. */
        public Builder backoff(Backoff backoff) {
            this.backoff = backoff;
            return this;
        }

        /** Retention once completed. */
        public Builder removeOnComplete(Retention retention) {
            this.removeOnComplete = retention;
            return this;
        }

        /** Retention once failed. */
        public Builder removeOnFail(Retention retention) {
            this.removeOnFail = retention;
            return this;
        }

        /** The correlation id the processor sees and passes on to messages it sends. */
        public Builder correlationId(String correlationId) {
            this.correlationId = correlationId;
            return this;
        }

        /** For a flow child: what its final failure does to its parent. */
        public Builder onChildFailure(ChildFailurePolicy policy) {
            this.onChildFailure = policy;
            return this;
        }

        /** Last in, first out: the job is taken before older ready jobs of its priority. */
        public Builder lifo(boolean lifo) {
            this.lifo = lifo;
            return this;
        }

        /**
         * Longest an attempt may run: past it the attempt fails with reason {@code TIMEOUT}, its processor is
         * interrupted and the job retries by its backoff. {@code null} (the default) for no limit.
         */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** Validates and builds. */
        public JobOptions build() {
            return new JobOptions(jobId, delay, priority, attempts, backoff, removeOnComplete, removeOnFail,
                    correlationId, onChildFailure, lifo, timeout);
        }
    }
}

package dev.crystal.runtime;

import java.time.Duration;
import java.util.Objects;

/**
 * Per-worker settings. Immutable; build with {@link #defaults()} and the {@code with…} methods.
 *
 * @param mailboxCapacity  bounded mailbox size (rounded up to a power of two by the queue)
 * @param overflowPolicy   what a full mailbox does
 * @param sendTimeout      how long a {@link OverflowPolicy#BACKPRESSURE} sender waits for room
 * @param maxBatch         at most this many messages are drained per loop turn (one {@link Worker#onBatchEnd})
 * @param idleStrategy     how the worker thread waits for work
 * @param retryPolicy      how often a failing handler is tried before the message is dead-lettered
 * @param restartPolicy    how a crashed worker thread is restarted
 * @param stuckThreshold   a handler running longer than this is reported as stuck
 */
public record WorkerOptions(int mailboxCapacity, OverflowPolicy overflowPolicy, Duration sendTimeout, int maxBatch,
                            IdleStrategy idleStrategy, RetryPolicy retryPolicy, RestartPolicy restartPolicy,
                            Duration stuckThreshold) {

    public static final int DEFAULT_MAILBOX_CAPACITY = 1_000;
    public static final Duration DEFAULT_SEND_TIMEOUT = Duration.ofSeconds(1);
    public static final int DEFAULT_MAX_BATCH = 256;
    public static final Duration DEFAULT_STUCK_THRESHOLD = Duration.ofSeconds(10);

    public WorkerOptions {
        if (mailboxCapacity < 2) {
            throw new IllegalArgumentException("mailboxCapacity must be at least 2, was " + mailboxCapacity);
        }
        Objects.requireNonNull(overflowPolicy, "overflowPolicy");
        Objects.requireNonNull(sendTimeout, "sendTimeout");
        if (sendTimeout.isNegative()) {
            throw new IllegalArgumentException("sendTimeout must not be negative");
        }
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, was " + maxBatch);
        }
        Objects.requireNonNull(idleStrategy, "idleStrategy");
        Objects.requireNonNull(retryPolicy, "retryPolicy");
        Objects.requireNonNull(restartPolicy, "restartPolicy");
        Objects.requireNonNull(stuckThreshold, "stuckThreshold");
        if (stuckThreshold.isNegative() || stuckThreshold.isZero()) {
            throw new IllegalArgumentException("stuckThreshold must be positive");
        }
    }

    /** Mailbox 1,000, BACKPRESSURE with a 1 s send timeout, batches of 256, back-off idling, no retry, default restarts, 10 s stuck threshold. */
    public static WorkerOptions defaults() {
        return new WorkerOptions(DEFAULT_MAILBOX_CAPACITY, OverflowPolicy.BACKPRESSURE, DEFAULT_SEND_TIMEOUT,
                DEFAULT_MAX_BATCH, IdleStrategy.BACKOFF_PARK, RetryPolicy.NONE, RestartPolicy.DEFAULT,
                DEFAULT_STUCK_THRESHOLD);
    }

    /** A copy with another mailbox bound. */
    public WorkerOptions withMailboxCapacity(int capacity) {
        return new WorkerOptions(capacity, overflowPolicy, sendTimeout, maxBatch, idleStrategy, retryPolicy,
                restartPolicy, stuckThreshold);
    }

    /** A copy with another overflow policy. */
    public WorkerOptions withOverflowPolicy(OverflowPolicy policy) {
        return new WorkerOptions(mailboxCapacity, policy, sendTimeout, maxBatch, idleStrategy, retryPolicy,
                restartPolicy, stuckThreshold);
    }

    /** A copy with another backpressure send timeout. */
    public WorkerOptions withSendTimeout(Duration timeout) {
        return new WorkerOptions(mailboxCapacity, overflowPolicy, timeout, maxBatch, idleStrategy, retryPolicy,
                restartPolicy, stuckThreshold);
    }

    /** A copy draining at most {@code batch} messages per turn. */
    public WorkerOptions withMaxBatch(int batch) {
        return new WorkerOptions(mailboxCapacity, overflowPolicy, sendTimeout, batch, idleStrategy, retryPolicy,
                restartPolicy, stuckThreshold);
    }

    /** A copy with another idle strategy. */
    public WorkerOptions withIdleStrategy(IdleStrategy strategy) {
        return new WorkerOptions(mailboxCapacity, overflowPolicy, sendTimeout, maxBatch, strategy, retryPolicy,
                restartPolicy, stuckThreshold);
    }

    /** A copy with another handler retry policy. */
    public WorkerOptions withRetryPolicy(RetryPolicy policy) {
        return new WorkerOptions(mailboxCapacity, overflowPolicy, sendTimeout, maxBatch, idleStrategy, policy,
                restartPolicy, stuckThreshold);
    }

    /** A copy with another restart policy. */
    public WorkerOptions withRestartPolicy(RestartPolicy policy) {
        return new WorkerOptions(mailboxCapacity, overflowPolicy, sendTimeout, maxBatch, idleStrategy, retryPolicy,
                policy, stuckThreshold);
    }

    /** A copy with another stuck threshold. */
    public WorkerOptions withStuckThreshold(Duration threshold) {
        return new WorkerOptions(mailboxCapacity, overflowPolicy, sendTimeout, maxBatch, idleStrategy, retryPolicy,
                restartPolicy, threshold);
    }
}

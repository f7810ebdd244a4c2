package dev.crystal.runtime;

import java.time.Duration;
import java.util.Objects;

/**
 * Per-worker settings. Immutable; build with {@link #defaults()} and the {@code with…} methods.
 *
 * @param mailboxCapacity  bounded mailbox size (rounded up to a power of two by the queue)
 * @param overflowPolicy   what a full mailbox does
 * @param sendTimeout      how long a {@link OverflowPolicy#BACKPRESSURE} sender waits for room
 * @param maxBatch         at most this many messages are drained per loop turn
 */
public record WorkerOptions(int mailboxCapacity, OverflowPolicy overflowPolicy, Duration sendTimeout, int maxBatch) {

    public static final int DEFAULT_MAILBOX_CAPACITY = 1_000;
    public static final Duration DEFAULT_SEND_TIMEOUT = Duration.ofSeconds(1);
    public static final int DEFAULT_MAX_BATCH = 256;

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
    }

    public static WorkerOptions defaults() {
        return new WorkerOptions(DEFAULT_MAILBOX_CAPACITY, OverflowPolicy.BACKPRESSURE, DEFAULT_SEND_TIMEOUT,
                DEFAULT_MAX_BATCH);
    }

    public WorkerOptions withMailboxCapacity(int capacity) {
        return new WorkerOptions(capacity, overflowPolicy, sendTimeout, maxBatch);
    }

    public WorkerOptions withOverflowPolicy(OverflowPolicy policy) {
        return new WorkerOptions(mailboxCapacity, policy, sendTimeout, maxBatch);
    }

    public WorkerOptions withSendTimeout(Duration timeout) {
        return new WorkerOptions(mailboxCapacity, overflowPolicy, timeout, maxBatch);
    }
}

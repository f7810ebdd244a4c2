package dev.crystal.cluster;

import java.time.Duration;
import java.util.Objects;

/**
 * Decides, per forwarded message, whether it waits for a batch before going to its domain's stream. Forwarders call
 * it for every message on their own threads, so implementations must be cheap and thread-safe (the server adapts
 * its live wire flags to it).
 */
@FunctionalInterface
public interface ForwardBatching {
    /**
     * The batch a message waits for, or {@code null} to send it at the end of its mailbox batch.
     *
     * @param source        the sender's address name
     * @param target        the receiver's address name
     * @param correlationId the message's correlation id (decides percentage rollouts)
     */
    Batch batchOf(String source, String target, String correlationId);

    /**
     * A batch: the messages waiting go together once {@code maxMessages} wait or the oldest has waited
     * {@code maxDelay}. Immutable.
     *
     * @param maxMessages messages per batch (at least 1)
     * @param maxDelay    longest a message waits (positive)
     */
    record Batch(int maxMessages, Duration maxDelay) {
        public Batch {
            Objects.requireNonNull(maxDelay, "maxDelay");
            if (maxMessages < 1) {
                throw new IllegalArgumentException("maxMessages must be at least 1, was " + maxMessages);
            }
            if (maxDelay.isNegative() || maxDelay.isZero()) {
                throw new IllegalArgumentException("maxDelay must be positive, was " + maxDelay);
            }
        }
    }
}

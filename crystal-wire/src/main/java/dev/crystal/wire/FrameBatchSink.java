package dev.crystal.wire;

/**
 * Where a {@link FrameBatcher} delivers batches, e.g. one XADD pipeline of a Redis transport.
 * Called on the batcher's owning thread.
 */
@FunctionalInterface
public interface FrameBatchSink {

    /**
     * Sends a batch. If it throws, the batcher keeps the frames and offers them again on the next
     * flush, so nothing is lost.
     */
    void send(FrameBatch batch);
}

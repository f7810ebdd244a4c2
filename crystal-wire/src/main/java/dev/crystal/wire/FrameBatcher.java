package dev.crystal.wire;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Groups the frames of one route into batches by count and time so a cross-process send does
 * not pay one round trip per message. The transport calls {@link #offer} for each frame and
 * {@link #poll()} from its duty cycle; settings travel with each frame, so a flag change applies
 * to the next frame without losing the waiting ones.
 *
 * <p>Not thread-safe: owned by the one transport thread that sends on this route.
 */
public final class FrameBatcher {
    private final InstantSource clock;
    private final FrameBatchSink sink;
    private final List<byte[]> waiting = new ArrayList<>();
    private long deadlineMillis = Long.MAX_VALUE;

    /** A batcher reading time from {@code clock} and delivering to {@code sink}. */
    public FrameBatcher(InstantSource clock, FrameBatchSink sink) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /**
     * Adds a frame. With batching off the waiting frames and this one are sent at once, in order;
     * with batching on the batch is sent when it reaches {@code maxMessages}.
     *
     * @return number of frames sent by this call
     */
    public int offer(byte[] frame, BatchSettings settings) {
        Objects.requireNonNull(frame, "frame");
        waiting.add(frame);
        if (!settings.enabled()) {
            return flush(FlushReason.UNBATCHED);
        }
        long deadline = clock.millis() + settings.maxDelay().toMillis();
        // a shorter delay set by a flag change applies to frames already waiting too
        deadlineMillis = Math.min(deadlineMillis, deadline);
        if (waiting.size() >= settings.maxMessages()) {
            return flush(FlushReason.COUNT);
        }
        return 0;
    }

    /**
     * Sends the waiting frames when the oldest has waited its longest delay.
     *
     * @return number of frames sent
     */
    public int poll() {
        if (!waiting.isEmpty() && clock.millis() >= deadlineMillis) {
            return flush(FlushReason.TIME);
        }
        return 0;
    }

    /**
     * Sends everything waiting now.
     *
     * @return number of frames sent
     */
    public int flush() {
        return waiting.isEmpty() ? 0 : flush(FlushReason.EXPLICIT);
    }

    /** Milliseconds until {@link #poll()} would flush, or -1 when nothing waits; for the transport's idle strategy. */
    public long millisUntilDue() {
        if (waiting.isEmpty()) {
            return -1;
        }
        return Math.max(0, deadlineMillis - clock.millis());
    }

    /** Number of frames waiting. */
    public int waiting() {
        return waiting.size();
    }

    private int flush(FlushReason reason) {
        FrameBatch batch = new FrameBatch(waiting, reason);
        sink.send(batch);
        waiting.clear();
        deadlineMillis = Long.MAX_VALUE;
        return batch.size();
    }
}

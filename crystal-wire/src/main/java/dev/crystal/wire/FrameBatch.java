package dev.crystal.wire;

import java.util.List;
import java.util.Objects;

/**
 * Frames flushed together, in the order they were offered. Immutable.
 *
 * @param frames encoded frames (see {@link FrameWriter#writeBatch(List)} to put them in one payload)
 * @param reason why the batch was flushed
 */
public record FrameBatch(List<byte[]> frames, FlushReason reason) {
    public FrameBatch {
        frames = List.copyOf(frames);
        Objects.requireNonNull(reason, "reason");
    }

    /** Number of frames. */
    public int size() {
        return frames.size();
    }
}

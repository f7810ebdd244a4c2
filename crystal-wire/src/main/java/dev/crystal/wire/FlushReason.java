package dev.crystal.wire;

/** Why a {@link FrameBatcher} handed frames to its sink. Immutable. */
public enum FlushReason {
    /** The batch reached its message count. */
    COUNT,
    /** The oldest frame waited the batch's longest delay. */
    TIME,
    /** Batching is off for the frame's route: it goes alone, after anything still waiting. */
    UNBATCHED,
    /** The transport asked for everything waiting (e.g. on shutdown). */
    EXPLICIT
}

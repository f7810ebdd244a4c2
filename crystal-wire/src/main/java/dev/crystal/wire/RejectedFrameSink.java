package dev.crystal.wire;

/**
 * Hook through which a {@link WireDecoder} hands every refused frame to the runtime, typically
 * to its dead letters. Called on the decoding thread; implementations must be thread-safe when
 * several threads decode.
 */
@FunctionalInterface
public interface RejectedFrameSink {

    /** Takes ownership of a refused frame. */
    void accept(RejectedFrame rejected);

    /** A sink that drops rejections (the outcome still reports them). */
    static RejectedFrameSink ignoring() {
        return rejected -> { };
    }
}

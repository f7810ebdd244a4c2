package dev.crystal.wire;

import dev.crystal.runtime.Envelope;

/** What reading one frame produced: a message, or a rejection with its reason. Immutable. */
public sealed interface DecodeOutcome {

    /**
     * The frame decoded into a valid message.
     *
     * @param envelope    the message with the frame's header fields
     * @param frame       the frame as read
     * @param messageType the registered type of the payload
     */
    record Decoded(Envelope<Object> envelope, WireFrame frame, MessageType<?> messageType) implements DecodeOutcome {
    }

    /**
     * The frame was refused; it has already been handed to the decoder's {@link RejectedFrameSink}.
     *
     * @param rejected the refused frame and reason
     */
    record Rejected(RejectedFrame rejected) implements DecodeOutcome {
    }
}

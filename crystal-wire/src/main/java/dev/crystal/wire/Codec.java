package dev.crystal.wire;

/**
 * SPI: turns a registered message record into body bytes and back. Implementations only ever
 * write classes of a {@link MessageTypeRegistry} and only ever instantiate the records reachable
 * from it; every decode enforces {@link DecoderLimits}. Implementations are immutable and
 * thread-safe.
 */
public interface Codec {

    /** The id written in the frame header. */
    CodecId id();

    /**
     * Encodes a registered message.
     *
     * @throws WireException {@link WireError#UNKNOWN_MESSAGE_TYPE} when the class is not registered
     */
    byte[] encode(Object message);

    /**
     * Decodes a body into a registered record class.
     *
     * @throws WireException {@link WireError#MALFORMED_BODY}, {@link WireError#LIMIT_EXCEEDED},
     *                       {@link WireError#FORBIDDEN_YAML} or {@link WireError#UNKNOWN_MESSAGE_TYPE}
     */
    <T> T decode(byte[] body, Class<T> type);
}

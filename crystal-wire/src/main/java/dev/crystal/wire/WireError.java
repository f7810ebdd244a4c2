package dev.crystal.wire;

/**
 * The closed set of reasons a message cannot be written to or read from the wire. A reader
 * never guesses: every frame it cannot read exactly ends with one of these reasons. Immutable.
 */
public enum WireError {
    /** The bytes are not a Crystal frame, or its header is truncated or inconsistent. */
    MALFORMED_FRAME,
    /** The frame's format version is not one this reader knows. */
    UNKNOWN_FORMAT_VERSION,
    /** The frame names a codec id this reader does not know. */
    UNKNOWN_CODEC,
    /** The frame names a compression id this reader does not know. */
    UNKNOWN_COMPRESSION,
    /** The frame's message type is not registered, or a sender tried to encode an unregistered class. */
    UNKNOWN_MESSAGE_TYPE,
    /** The body does not decode into the registered record (bad syntax, wrong field type, unknown enum). */
    MALFORMED_BODY,
    /** An input limit was exceeded: body size, nesting depth, string length, element count. */
    LIMIT_EXCEEDED,
    /** YAML input uses a forbidden construct: duplicate keys, too many aliases or an explicit tag. */
    FORBIDDEN_YAML,
    /** The message decoded but breaks its type's declared constraints. */
    INVALID_MESSAGE
}

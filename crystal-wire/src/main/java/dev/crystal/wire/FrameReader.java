package dev.crystal.wire;

import dev.crystal.runtime.Priority;
import dev.crystal.wire.internal.WireInput;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads frames and batches, rejecting anything it does not know exactly: a wrong magic, an
 * unknown format version, codec or compression, a truncated header, trailing bytes, a body over
 * the limit. Does not decode the body. Immutable and thread-safe.
 */
public final class FrameReader {
    private static final int MAX_HEADER_STRING = 1024;

    private final DecoderLimits limits;

    /** A reader enforcing the limits. */
    public FrameReader(DecoderLimits limits) {
        this.limits = limits;
    }

    /**
     * Reads one frame.
     *
     * @throws WireException {@link WireError#MALFORMED_FRAME}, {@link WireError#UNKNOWN_FORMAT_VERSION},
     *                       {@link WireError#UNKNOWN_CODEC}, {@link WireError#UNKNOWN_COMPRESSION} or
     *                       {@link WireError#LIMIT_EXCEEDED}
     */
    public WireFrame read(byte[] bytes) {
        if (bytes.length > limits.maxBodyBytes() + 4096) {
            throw new WireException(WireError.LIMIT_EXCEEDED,
                    "frame of " + bytes.length + " bytes exceeds the limit of " + limits.maxBodyBytes());
        }
        WireInput in = new WireInput(bytes, 0, bytes.length, MAX_HEADER_STRING, WireError.MALFORMED_FRAME);
        if (bytes.length < 6 || in.readUnsignedByte() != FrameWriter.MAGIC_0
                || in.readUnsignedByte() != FrameWriter.MAGIC_FRAME) {
            throw new WireException(WireError.MALFORMED_FRAME, "not a Crystal frame (bad magic)");
        }
        int version = in.readUnsignedByte();
        if (version != WireFrame.FORMAT_VERSION) {
            throw new WireException(WireError.UNKNOWN_FORMAT_VERSION, "frame format version " + version
                    + " is not supported (this reader knows " + WireFrame.FORMAT_VERSION + ")");
        }
        int codecCode = in.readUnsignedByte();
        CodecId codec = CodecId.fromCode((byte) codecCode).orElseThrow(() ->
                new WireException(WireError.UNKNOWN_CODEC, "codec id " + codecCode + " is not known"));
        int compressionCode = in.readUnsignedByte();
        CompressionId compression = CompressionId.fromCode((byte) compressionCode).orElseThrow(() ->
                new WireException(WireError.UNKNOWN_COMPRESSION, "compression id " + compressionCode + " is not known"));
        int flags = in.readUnsignedByte();
        if ((flags & ~(FrameWriter.FLAG_CAUSATION | FrameWriter.FLAG_HIGH_PRIORITY | FrameWriter.FLAG_TTL)) != 0) {
            throw new WireException(WireError.MALFORMED_FRAME, "unknown header flags " + flags);
        }
        String messageType = in.readString();
        int schemaVersion = in.readLength(Integer.MAX_VALUE, "schema version");
        String messageId = in.readString();
        String correlationId = in.readString();
        String causationId = (flags & FrameWriter.FLAG_CAUSATION) != 0 ? in.readString() : null;
        String source = in.readString();
        String target = in.readString();
        long seconds = in.readLong();
        int nanos = in.readInt();
        long ttlMillis = 0;
        if ((flags & FrameWriter.FLAG_TTL) != 0) {
            ttlMillis = in.readLength(Integer.MAX_VALUE, "time-to-live");
            if (ttlMillis == 0) {
                throw new WireException(WireError.MALFORMED_FRAME, "time-to-live flag set with a time-to-live of 0");
            }
        }
        Instant timestamp;
        try {
            timestamp = Instant.ofEpochSecond(seconds, nanos);
        } catch (DateTimeException | ArithmeticException e) {
            throw new WireException(WireError.MALFORMED_FRAME, "timestamp out of range", e);
        }
        if (nanos < 0 || nanos > 999_999_999) {
            throw new WireException(WireError.MALFORMED_FRAME, "timestamp nanos out of range: " + nanos);
        }
        int uncompressedLength = in.readLength(limits.maxBodyBytes(), "uncompressed body length");
        int bodyLength = in.readLength(limits.maxBodyBytes(), "body length");
        byte[] body = in.readBytes(bodyLength);
        if (in.remaining() != 0) {
            throw new WireException(WireError.MALFORMED_FRAME, in.remaining() + " trailing bytes after the body");
        }
        if (compression == CompressionId.NONE && uncompressedLength != bodyLength) {
            throw new WireException(WireError.MALFORMED_FRAME, "uncompressed length " + uncompressedLength
                    + " differs from body length " + bodyLength);
        }
        return new WireFrame(version, codec, compression, messageType, schemaVersion, messageId, correlationId,
                causationId, source, target, timestamp, uncompressedLength, body,
                (flags & FrameWriter.FLAG_HIGH_PRIORITY) != 0 ? Priority.HIGH : Priority.NORMAL, ttlMillis);
    }

    /**
     * Splits a batch written by {@link FrameWriter#writeBatch(List)} into its frames' bytes.
     *
     * @throws WireException {@link WireError#MALFORMED_FRAME} or {@link WireError#UNKNOWN_FORMAT_VERSION}
     */
    public List<byte[]> readBatch(byte[] bytes) {
        WireInput in = new WireInput(bytes, 0, bytes.length, MAX_HEADER_STRING, WireError.MALFORMED_FRAME);
        if (bytes.length < 4 || in.readUnsignedByte() != FrameWriter.MAGIC_0
                || in.readUnsignedByte() != FrameWriter.MAGIC_BATCH) {
            throw new WireException(WireError.MALFORMED_FRAME, "not a Crystal batch (bad magic)");
        }
        int version = in.readUnsignedByte();
        if (version != WireFrame.FORMAT_VERSION) {
            throw new WireException(WireError.UNKNOWN_FORMAT_VERSION, "batch format version " + version + " is not supported");
        }
        int count = in.readLength(in.remaining(), "batch size");
        List<byte[]> frames = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            frames.add(in.readBytes(in.readLength(limits.maxBodyBytes() + 4096, "frame length")));
        }
        if (in.remaining() != 0) {
            throw new WireException(WireError.MALFORMED_FRAME, in.remaining() + " trailing bytes after the batch");
        }
        return frames;
    }
}

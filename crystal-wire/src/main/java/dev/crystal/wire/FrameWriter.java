package dev.crystal.wire;

import dev.crystal.runtime.Priority;
import dev.crystal.wire.internal.WireOutput;
import java.util.List;

/**
 * Writes frames and batches of frames in the layout of docs/messages.md. Stateless and
 * thread-safe.
 */
public final class FrameWriter {
    static final byte MAGIC_0 = 'C';
    static final byte MAGIC_FRAME = 'W';
    static final byte MAGIC_BATCH = 'B';
    static final int FLAG_CAUSATION = 1;
    static final int FLAG_HIGH_PRIORITY = 2;
    static final int FLAG_TTL = 4;

    /** A writer. */
    public FrameWriter() {
    }

    /** The frame's bytes. */
    public byte[] write(WireFrame frame) {
        WireOutput out = new WireOutput(64 + frame.body().length);
        out.writeByte(MAGIC_0);
        out.writeByte(MAGIC_FRAME);
        out.writeByte(frame.formatVersion());
        out.writeByte(frame.codec().code());
        out.writeByte(frame.compression().code());
        out.writeByte((frame.causationId() == null ? 0 : FLAG_CAUSATION)
                | (frame.priority() == Priority.HIGH ? FLAG_HIGH_PRIORITY : 0)
                | (frame.ttlMillis() == 0 ? 0 : FLAG_TTL));
        out.writeString(frame.messageType());
        out.writeVarLong(frame.schemaVersion());
        out.writeString(frame.messageId());
        out.writeString(frame.correlationId());
        if (frame.causationId() != null) {
            out.writeString(frame.causationId());
        }
        out.writeString(frame.source());
        out.writeString(frame.target());
        out.writeLong(frame.timestamp().getEpochSecond());
        out.writeInt(frame.timestamp().getNano());
        if (frame.ttlMillis() != 0) {
            out.writeVarLong(frame.ttlMillis());
        }
        out.writeVarLong(frame.uncompressedLength());
        out.writeVarLong(frame.body().length);
        out.writeBytes(frame.body(), 0, frame.body().length);
        return out.toByteArray();
    }

    /** Several encoded frames as one batch: magic, version, count, then each frame length-prefixed. */
    public byte[] writeBatch(List<byte[]> frames) {
        int total = 16;
        for (byte[] frame : frames) {
            total += frame.length + 5;
        }
        WireOutput out = new WireOutput(total);
        out.writeByte(MAGIC_0);
        out.writeByte(MAGIC_BATCH);
        out.writeByte(WireFrame.FORMAT_VERSION);
        out.writeVarLong(frames.size());
        for (byte[] frame : frames) {
            out.writeVarLong(frame.length);
            out.writeBytes(frame, 0, frame.length);
        }
        return out.toByteArray();
    }
}

package dev.crystal.wire.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer with varint, fixed-width and string writers. Owned by the one thread
 * that encodes a single message; never shared.
 */
public final class WireOutput {
    private byte[] buffer;
    private int position;

    /** A buffer with an initial capacity. */
    public WireOutput(int initialCapacity) {
        this.buffer = new byte[Math.max(16, initialCapacity)];
    }

    private void ensure(int extra) {
        int needed = position + extra;
        if (needed > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(needed, buffer.length * 2));
        }
    }

    /** Writes one byte. */
    public void writeByte(int value) {
        ensure(1);
        buffer[position++] = (byte) value;
    }

    /** Writes raw bytes. */
    public void writeBytes(byte[] bytes, int offset, int length) {
        ensure(length);
        System.arraycopy(bytes, offset, buffer, position, length);
        position += length;
    }

    /** Writes an unsigned LEB128 varint (1–10 bytes). */
    public void writeVarLong(long value) {
        ensure(10);
        while ((value & ~0x7FL) != 0) {
            buffer[position++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        buffer[position++] = (byte) value;
    }

    /** Writes a signed value zig-zag encoded so small negatives stay short. */
    public void writeZigZag(long value) {
        writeVarLong((value << 1) ^ (value >> 63));
    }

    /** Writes 8 bytes big-endian. */
    public void writeLong(long value) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buffer[position++] = (byte) (value >>> shift);
        }
    }

    /** Writes 4 bytes big-endian. */
    public void writeInt(int value) {
        ensure(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            buffer[position++] = (byte) (value >>> shift);
        }
    }

    /**
     * Writes a varint byte length followed by the UTF-8 bytes. The JDK encoder has an intrinsic
     * fast path for Latin-1/ASCII strings, cheaper than encoding char by char here.
     */
    public void writeString(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        writeVarLong(utf8.length);
        writeBytes(utf8, 0, utf8.length);
    }

    /** Number of bytes written so far. */
    public int size() {
        return position;
    }

    /** A copy of the bytes written. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buffer, position);
    }
}

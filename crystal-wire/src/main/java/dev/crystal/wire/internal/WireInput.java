package dev.crystal.wire.internal;

import dev.crystal.wire.WireError;
import dev.crystal.wire.WireException;
import java.nio.charset.StandardCharsets;

/**
 * A bounds-checked reader over a byte array: every read that would run past the end, and every
 * string longer than the limit, fails with a {@link WireException} instead of an index error.
 * Owned by the one thread that decodes a single message.
 */
public final class WireInput {
    private final byte[] bytes;
    private final int end;
    private final int maxStringLength;
    private final WireError truncation;
    private int position;

    /**
     * A reader over {@code bytes[offset, offset+length)}.
     *
     * @param truncation the error reported when input ends early ({@code MALFORMED_FRAME} for
     *                   headers, {@code MALFORMED_BODY} for bodies)
     */
    public WireInput(byte[] bytes, int offset, int length, int maxStringLength, WireError truncation) {
        this.bytes = bytes;
        this.position = offset;
        this.end = offset + length;
        this.maxStringLength = maxStringLength;
        this.truncation = truncation;
    }

    private void require(int count) {
        if (count < 0 || end - position < count) {
            throw new WireException(truncation, "input ends early at byte " + position + " (need " + count + " more)");
        }
    }

    /** Reads one unsigned byte. */
    public int readUnsignedByte() {
        require(1);
        return bytes[position++] & 0xFF;
    }

    /** Reads an unsigned LEB128 varint. */
    public long readVarLong() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = readUnsignedByte();
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new WireException(truncation, "varint longer than 10 bytes at byte " + position);
    }

    /** Reads a varint that must fit a non-negative int no greater than {@code max}. */
    public int readLength(int max, String what) {
        long value = readVarLong();
        if (value < 0 || value > max) {
            throw new WireException(value > max && value <= Integer.MAX_VALUE ? WireError.LIMIT_EXCEEDED : truncation,
                    what + " " + value + " exceeds the limit of " + max);
        }
        return (int) value;
    }

    /** Reads a zig-zag encoded signed value. */
    public long readZigZag() {
        long raw = readVarLong();
        return (raw >>> 1) ^ -(raw & 1);
    }

    /** Reads 8 bytes big-endian. */
    public long readLong() {
        require(8);
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (bytes[position++] & 0xFF);
        }
        return value;
    }

    /** Reads 4 bytes big-endian. */
    public int readInt() {
        require(4);
        int value = 0;
        for (int i = 0; i < 4; i++) {
            value = (value << 8) | (bytes[position++] & 0xFF);
        }
        return value;
    }

    /** Reads a varint-length UTF-8 string. */
    public String readString() {
        int length = readLength(maxStringLength, "string length");
        require(length);
        String value = new String(bytes, position, length, StandardCharsets.UTF_8);
        position += length;
        return value;
    }

    /** Reads {@code length} raw bytes. */
    public byte[] readBytes(int length) {
        require(length);
        byte[] copy = new byte[length];
        System.arraycopy(bytes, position, copy, 0, length);
        position += length;
        return copy;
    }

    /** Skips {@code length} bytes. */
    public void skip(int length) {
        require(length);
        position += length;
    }

    /** Bytes left to read. */
    public int remaining() {
        return end - position;
    }

    /** Current read offset into the underlying array. */
    public int position() {
        return position;
    }
}

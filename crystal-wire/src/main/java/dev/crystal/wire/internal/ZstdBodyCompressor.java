package dev.crystal.wire.internal;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdException;
import dev.crystal.wire.CompressionId;
import dev.crystal.wire.WireError;
import dev.crystal.wire.WireException;

/** Zstandard compression at level 3 (zstd-jni). Immutable and thread-safe. */
final class ZstdBodyCompressor implements BodyCompressor {
    private static final int LEVEL = 3;

    @Override
    public CompressionId id() {
        return CompressionId.ZSTD;
    }

    @Override
    public byte[] compress(byte[] body) {
        return Zstd.compress(body, LEVEL);
    }

    @Override
    public byte[] decompress(byte[] compressed, int originalLength) {
        byte[] restored = new byte[originalLength];
        long length;
        try {
            length = Zstd.decompressByteArray(restored, 0, originalLength, compressed, 0, compressed.length);
        } catch (ZstdException | ArrayIndexOutOfBoundsException e) {
            throw new WireException(WireError.MALFORMED_BODY, "corrupt zstd body: " + e.getMessage(), e);
        }
        if (Zstd.isError(length) || length != originalLength) {
            throw new WireException(WireError.MALFORMED_BODY,
                    "zstd body restored to " + length + " bytes, header said " + originalLength);
        }
        return restored;
    }
}

package dev.crystal.wire.internal;

import dev.crystal.wire.CompressionId;
import dev.crystal.wire.WireError;
import dev.crystal.wire.WireException;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/** LZ4 block compression (lz4-java, safe decompressor only). Immutable and thread-safe. */
final class Lz4BodyCompressor implements BodyCompressor {
    private final LZ4Compressor compressor;
    private final LZ4SafeDecompressor decompressor;

    Lz4BodyCompressor() {
        LZ4Factory factory = LZ4Factory.fastestInstance();
        this.compressor = factory.fastCompressor();
        this.decompressor = factory.safeDecompressor();
    }

    @Override
    public CompressionId id() {
        return CompressionId.LZ4;
    }

    @Override
    public byte[] compress(byte[] body) {
        return compressor.compress(body);
    }

    @Override
    public byte[] decompress(byte[] compressed, int originalLength) {
        byte[] restored = new byte[originalLength];
        int length;
        try {
            length = decompressor.decompress(compressed, 0, compressed.length, restored, 0, originalLength);
        } catch (LZ4Exception e) {
            throw new WireException(WireError.MALFORMED_BODY, "corrupt LZ4 body: " + e.getMessage(), e);
        }
        if (length != originalLength) {
            throw new WireException(WireError.MALFORMED_BODY,
                    "LZ4 body restored to " + length + " bytes, header said " + originalLength);
        }
        return restored;
    }
}

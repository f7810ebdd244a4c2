package dev.crystal.wire;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Deterministic rollout: a correlation id always falls in the same bucket 0–99 for a flag, in
 * every process and after every restart (CRC-32C of {@code flag + ":" + correlationId}), so all
 * messages of one request see the same decision. Stateless.
 */
public final class RolloutBuckets {
    private RolloutBuckets() {
    }

    /** The bucket, 0–99, of a correlation id for a flag. */
    public static int bucket(String flag, String correlationId) {
        CRC32C crc = new CRC32C();
        crc.update(flag.getBytes(StandardCharsets.UTF_8));
        crc.update(':');
        crc.update(correlationId.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % 100);
    }

    /**
     * {@link #bucket(String, String)} with {@code flag + ":"} and the correlation id already as UTF-8 bytes, for
     * the per-frame path (one encoding of the correlation id for all three flags). Same result.
     */
    static int bucket(byte[] flagAndColon, byte[] correlationId) {
        CRC32C crc = new CRC32C();
        crc.update(flagAndColon);
        crc.update(correlationId);
        return (int) (crc.getValue() % 100);
    }

    /** Whether a correlation id is inside a rollout of {@code percentage} percent. */
    public static boolean inRollout(String flag, String correlationId, int percentage) {
        if (percentage >= 100) {
            return true;
        }
        if (percentage <= 0) {
            return false;
        }
        return bucket(flag, correlationId) < percentage;
    }

    static void checkPercentage(int percentage) {
        if (percentage < 0 || percentage > 100) {
            throw new IllegalArgumentException("rolloutPercentage must be between 0 and 100, was " + percentage);
        }
    }
}

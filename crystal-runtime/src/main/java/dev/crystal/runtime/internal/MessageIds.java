package dev.crystal.runtime.internal;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Unique ids without a SecureRandom call per message: a random 64-bit prefix drawn once per
 * runtime, then a counter. Unique across runtimes and restarts with overwhelming probability.
 * Thread-safe: each thread takes blocks of {@link #BLOCK} numbers from one atomic counter and numbers its
 * own messages from its block, so concurrent senders do not contend on a shared cache line.
 */
final class MessageIds {
    private final String prefix;
    private final String messagePrefix;
    private final String correlationPrefix;
    private final byte[] messagePrefixBytes;
    private static final int BLOCK = 1_024;
    private final AtomicLong counter = new AtomicLong();
    /** Per thread: {next, end} of the thread's current block of numbers. */
    private final ThreadLocal<long[]> blocks = ThreadLocal.withInitial(() -> new long[2]);
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);

    MessageIds() {
        byte[] random = new byte[8];
        new SecureRandom().nextBytes(random);
        this.prefix = HexFormat.of().formatHex(random);
        this.messagePrefix = "msg_" + prefix + "_";
        this.correlationPrefix = "corr_" + prefix + "_";
        this.messagePrefixBytes = messagePrefix.getBytes(StandardCharsets.ISO_8859_1);
    }

    String prefix() {
        return prefix;
    }

    String nextMessageId() {
        return withHexSuffix(messagePrefixBytes, next());
    }

    private long next() {
        long[] block = blocks.get();
        if (block[0] == block[1]) {
            block[0] = counter.getAndAdd(BLOCK) + 1;
            block[1] = block[0] + BLOCK;
        }
        return block[0]++;
    }

    /** Prefix plus the counter in hex, built in one byte array (one copy into the String). */
    private static String withHexSuffix(byte[] prefix, long value) {
        int digits = Math.max(1, (64 - Long.numberOfLeadingZeros(value) + 3) >> 2);
        byte[] out = new byte[prefix.length + digits];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        for (int i = out.length - 1; i >= prefix.length; i--) {
            out[i] = HEX[(int) (value & 0xF)];
            value >>>= 4;
        }
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    String nextCorrelationId() {
        return correlationPrefix.concat(Long.toHexString(next()));
    }
}

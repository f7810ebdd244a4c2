package dev.crystal.runtime.internal;

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
    private static final int BLOCK = 1_024;
    private final AtomicLong counter = new AtomicLong();
    /** Per thread: {next, end} of the thread's current block of numbers. */
    private final ThreadLocal<long[]> blocks = ThreadLocal.withInitial(() -> new long[2]);

    MessageIds() {
        byte[] random = new byte[8];
        new SecureRandom().nextBytes(random);
        this.prefix = HexFormat.of().formatHex(random);
        this.messagePrefix = "msg_" + prefix + "_";
        this.correlationPrefix = "corr_" + prefix + "_";
    }

    String prefix() {
        return prefix;
    }

    /** The text before the number of every message id: {@code msg_<random>_}. */
    String messagePrefix() {
        return messagePrefix;
    }

    /** The number of the next message id; the id is {@link #messagePrefix()} followed by it in decimal. */
    long nextMessageNumber() {
        return next();
    }

    private long next() {
        long[] block = blocks.get();
        if (block[0] == block[1]) {
            block[0] = counter.getAndAdd(BLOCK) + 1;
            block[1] = block[0] + BLOCK;
        }
        return block[0]++;
    }

    String nextCorrelationId() {
        return correlationPrefix + next();
    }
}

package dev.crystal.runtime.internal;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Unique ids without a SecureRandom call per message: a random 64-bit prefix drawn once per
 * runtime, then a counter. Unique across runtimes and restarts with overwhelming probability.
 * Thread-safe (one atomic counter).
 */
final class MessageIds {
    private final String prefix;
    private final AtomicLong counter = new AtomicLong();

    MessageIds() {
        byte[] random = new byte[8];
        new SecureRandom().nextBytes(random);
        this.prefix = HexFormat.of().formatHex(random);
    }

    String nextMessageId() {
        return "msg_" + prefix + "_" + Long.toHexString(counter.incrementAndGet());
    }

    String nextCorrelationId() {
        return "corr_" + prefix + "_" + Long.toHexString(counter.incrementAndGet());
    }
}

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
    private final String messagePrefix;
    private final String correlationPrefix;
    private final AtomicLong counter = new AtomicLong();

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

    String nextMessageId() {
        return messagePrefix.concat(Long.toHexString(counter.incrementAndGet()));
    }

    String nextCorrelationId() {
        return correlationPrefix.concat(Long.toHexString(counter.incrementAndGet()));
    }
}

package dev.crystal.redis;

import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives each test a random key prefix {@code crystal-test-<uuid>} and, after every {@code @AfterEach} method has
 * closed what used Redis, deletes the test's keys (SCAN + DEL) and fails if any is left. Which keys belong to a
 * prefix is the caller's ({@code patternOf}: the job store hash-tags its prefix, the transport does not). Owned by
 * the JUnit thread running the test.
 */
public final class RedisTestKeys implements BeforeEachCallback, AfterEachCallback {
    /** The local Redis, or {@code -Dcrystal.redis.uri}. */
    public static final String URI = System.getProperty("crystal.redis.uri", "redis://127.0.0.1:6379");

    private final UnaryOperator<String> patternOf;
    private String prefix;

    /** @param patternOf the SCAN pattern of every key written under a prefix */
    public RedisTestKeys(UnaryOperator<String> patternOf) {
        this.patternOf = patternOf;
    }

    public String prefix() {
        return prefix;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        prefix = "crystal-test-" + UUID.randomUUID();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        delete(prefix);
    }

    /** Deletes every key written under {@code keyPrefix}; fails if any is left. */
    public void delete(String keyPrefix) {
        String pattern = patternOf.apply(keyPrefix);
        RedisKeys.deleteMatching(URI, pattern);
        long left = RedisKeys.countMatching(URI, pattern);
        if (left > 0) {
            throw new IllegalStateException(left + " keys with prefix " + keyPrefix + " are left after the test");
        }
    }
}

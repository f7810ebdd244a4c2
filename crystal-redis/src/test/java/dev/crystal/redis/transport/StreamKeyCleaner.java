package dev.crystal.redis.transport;

import dev.crystal.redis.RedisKeys;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives each test a random key prefix {@code crystal-test-<uuid>} and, after every {@code @AfterEach} method
 * has closed the transport, deletes the test's keys (SCAN + DEL) and fails if any is left. Owned by the JUnit
 * thread running the test.
 */
final class StreamKeyCleaner implements BeforeEachCallback, AfterEachCallback {
    static final String URI = System.getProperty("crystal.redis.uri", "redis://127.0.0.1:6379");

    private String prefix;

    String prefix() {
        return prefix;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        prefix = "crystal-test-" + UUID.randomUUID();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        RedisKeys.deleteMatching(URI, prefix + ":*");
        long left = RedisKeys.countMatching(URI, prefix + ":*");
        if (left > 0) {
            throw new IllegalStateException(left + " keys with prefix " + prefix + " are left after the test");
        }
    }
}

package dev.crystal.redis.jobs;

import dev.crystal.redis.RedisKeys;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives each test a random key prefix and deletes the test's keys (SCAN + DEL) after every {@code @AfterEach}
 * method has closed the engine and the store. Owned by the JUnit thread running the test.
 */
final class RedisKeyCleaner implements BeforeEachCallback, AfterEachCallback {
    private final String uri;
    private String prefix;

    RedisKeyCleaner(String uri) {
        this.uri = uri;
    }

    String prefix() {
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

    /** Deletes every key of the store with {@code keyPrefix}; fails if any is left. */
    void delete(String keyPrefix) {
        String pattern = RedisJobStore.keyBase(keyPrefix).replace("{", "\\{").replace("}", "\\}") + "*";
        RedisKeys.deleteMatching(uri, pattern);
        if (RedisKeys.countMatching(uri, pattern) > 0) {
            throw new IllegalStateException("keys with prefix " + keyPrefix + " are left after the test");
        }
    }
}

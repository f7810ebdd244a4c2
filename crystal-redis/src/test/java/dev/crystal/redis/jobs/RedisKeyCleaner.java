package dev.crystal.redis.jobs;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
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
        RedisClient client = RedisClient.create(uri);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            String pattern = RedisJobStore.keyBase(keyPrefix).replace("{", "\\{").replace("}", "\\}") + "*";
            ScanArgs match = ScanArgs.Builder.matches(pattern).limit(500);
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<String> page = redis.scan(cursor, match);
                if (!page.getKeys().isEmpty()) {
                    redis.del(page.getKeys().toArray(String[]::new));
                }
                cursor = page;
            } while (!cursor.isFinished());
            if (countKeys(redis, match) > 0) {
                throw new IllegalStateException("keys with prefix " + keyPrefix + " are left after the test");
            }
        } finally {
            client.shutdown();
        }
    }

    private static long countKeys(RedisCommands<String, String> redis, ScanArgs match) {
        long count = 0;
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = redis.scan(cursor, match);
            count += page.getKeys().size();
            cursor = page;
        } while (!cursor.isFinished());
        return count;
    }
}

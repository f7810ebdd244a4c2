package dev.crystal.redis.transport;

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
        RedisClient client = RedisClient.create(URI);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            ScanArgs match = ScanArgs.Builder.matches(prefix + ":*").limit(500);
            long deleted = 0;
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<String> page = redis.scan(cursor, match);
                if (!page.getKeys().isEmpty()) {
                    deleted += redis.del(page.getKeys().toArray(String[]::new));
                }
                cursor = page;
            } while (!cursor.isFinished());
            KeyScanCursor<String> left = redis.scan(ScanCursor.INITIAL, match);
            while (left.getKeys().isEmpty() && !left.isFinished()) {
                left = redis.scan(left, match);
            }
            if (!left.getKeys().isEmpty()) {
                throw new IllegalStateException("keys with prefix " + prefix + " are left after the test: "
                        + left.getKeys());
            }
        } finally {
            client.shutdown();
        }
    }
}

package dev.crystal.redis;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * Removes or counts the keys matching a pattern with {@code SCAN} (never {@code KEYS}, so a large Redis is not
 * blocked): how benchmarks and tests clean up after their own key prefix. Stateless; each call opens and closes
 * its own connection.
 */
public final class RedisKeys {
    private RedisKeys() {
    }

    /** Deletes every key matching the glob {@code pattern} on the Redis at {@code uri}; returns how many. */
    public static long deleteMatching(String uri, String pattern) {
        RedisClient client = RedisClient.create(uri);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            long deleted = 0;
            ScanArgs match = ScanArgs.Builder.matches(pattern).limit(1_000);
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<String> page = redis.scan(cursor, match);
                if (!page.getKeys().isEmpty()) {
                    deleted += redis.del(page.getKeys().toArray(String[]::new));
                }
                cursor = page;
            } while (!cursor.isFinished());
            return deleted;
        } finally {
            client.shutdown();
        }
    }

    /** How many keys match the glob {@code pattern} on the Redis at {@code uri}. */
    public static long countMatching(String uri, String pattern) {
        RedisClient client = RedisClient.create(uri);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            long count = 0;
            ScanArgs match = ScanArgs.Builder.matches(pattern).limit(1_000);
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<String> page = redis.scan(cursor, match);
                count += page.getKeys().size();
                cursor = page;
            } while (!cursor.isFinished());
            return count;
        } finally {
            client.shutdown();
        }
    }
}

package dev.crystal.redis;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.List;
import java.util.function.BiFunction;

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
        return scan(uri, pattern, (redis, keys) -> redis.del(keys.toArray(String[]::new)));
    }

    /** How many keys match the glob {@code pattern} on the Redis at {@code uri}. */
    public static long countMatching(String uri, String pattern) {
        return scan(uri, pattern, (redis, keys) -> (long) keys.size());
    }

    /** Runs {@code perPage} on every non-empty page of matching keys and sums what it returns. */
    private static long scan(String uri, String pattern,
                             BiFunction<RedisCommands<String, String>, List<String>, Long> perPage) {
        RedisClient client = SharedClientResources.client(uri);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            long total = 0;
            ScanArgs match = ScanArgs.Builder.matches(pattern).limit(1_000);
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<String> page = redis.scan(cursor, match);
                if (!page.getKeys().isEmpty()) {
                    total += perPage.apply(redis, page.getKeys());
                }
                cursor = page;
            } while (!cursor.isFinished());
            return total;
        } finally {
            SharedClientResources.shutdown(client);
        }
    }
}

package dev.crystal.redis.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crystal.jobs.spi.JobStore;
import dev.crystal.redis.RedisTestKeys;
import dev.crystal.testsupport.QueueEventsContract;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs the queue events contract against the Redis on {@code 127.0.0.1:6379} (override with
 * {@code crystal.redis.uri}); each test has its own key prefix, deleted afterwards.
 */
class RedisQueueEventsTest extends QueueEventsContract {
    private static final String URI = System.getProperty("crystal.redis.uri", "redis://127.0.0.1:6379");

    @RegisterExtension
    final RedisTestKeys keys = RedisJobKeys.cleaner();

    @Override
    protected JobStore openStore(Path dir, int eventsMaxLen) {
        return RedisJobStore.open(URI, keys.prefix(), eventsMaxLen);
    }

    @Test
    void streamIdsPackIntoIncreasingLongsAndBack() {
        long a = RedisEventLog.packed("1767599940000-0");
        long b = RedisEventLog.packed("1767599940000-7");
        long c = RedisEventLog.packed("1767599940001-0");
        assertThat(a).isLessThan(b).isLessThan(c);
        assertThat(RedisEventLog.streamId(b)).isEqualTo("1767599940000-7");
        assertThat(RedisEventLog.streamId(0)).isEqualTo("0-0");
    }
}

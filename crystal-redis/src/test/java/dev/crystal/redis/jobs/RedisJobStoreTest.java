package dev.crystal.redis.jobs;

import dev.crystal.jobs.spi.JobStore;
import dev.crystal.redis.RedisTestKeys;
import dev.crystal.testsupport.JobStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs the job store contract against the Redis on {@code 127.0.0.1:6379} (override with the
 * {@code crystal.redis.uri} system property). Each test gets a random key prefix, reused when the contract
 * reopens the store, and its keys are deleted afterwards.
 */
class RedisJobStoreTest extends JobStoreContract {
    private static final String URI = System.getProperty("crystal.redis.uri", "redis://127.0.0.1:6379");

    @RegisterExtension
    final RedisTestKeys keys = RedisJobKeys.cleaner();

    @Override
    protected JobStore openStore(Path dir) {
        return RedisJobStore.open(URI, keys.prefix());
    }
}

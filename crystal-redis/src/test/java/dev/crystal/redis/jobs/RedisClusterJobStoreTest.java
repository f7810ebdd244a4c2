package dev.crystal.redis.jobs;

import dev.crystal.jobs.spi.JobStore;
import dev.crystal.testsupport.JobStoreContract;
import dev.crystal.testsupport.LocalRedisCluster;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;

/**
 * Runs the job store contract against a real three-master Redis Cluster on ports 31001–31003 (shared with the other
 * cluster tests of this JVM): the whole store lives in its prefix's hash slot, so every script finds its keys on the
 * master it is routed to. The cluster is emptied after each test.
 */
@Tag("system")
class RedisClusterJobStoreTest extends JobStoreContract {
    private final LocalRedisCluster cluster = LocalRedisCluster.shared(31001);

    @Override
    protected JobStore openStore(Path dir) {
        return RedisJobStore.openCluster(cluster.uris(), "crystal-test-jobs");
    }

    @AfterEach
    void empty() {
        cluster.flushAll();
    }
}

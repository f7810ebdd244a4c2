package dev.crystal.redis.transport;

import dev.crystal.runtime.spi.Transport;
import dev.crystal.testsupport.LocalRedisCluster;
import dev.crystal.testsupport.TransportContract;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.InstantSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;

/**
 * Runs the transport contract against a real three-master Redis Cluster on ports 31001–31003
 * ({@link LocalRedisCluster}, started once for this JVM): every script and {@code XREADGROUP} must reach the master
 * owning its destination's slot. The cluster is emptied after each test.
 */
@Tag("system")
class RedisClusterTransportContractTest extends TransportContract {
    static final int FIRST_PORT = 31001;
    private final LocalRedisCluster cluster = LocalRedisCluster.shared(FIRST_PORT);

    @Override
    protected Transport createTransport(InstantSource clock) {
        return RedisStreamsTransport.openCluster(cluster.uris(), RedisStreamsSettings.defaults("crystal-test"),
                TestCodecs.ping(), new SimpleMeterRegistry(), clock, null);
    }

    @AfterEach
    void empty() {
        cluster.flushAll();
    }
}

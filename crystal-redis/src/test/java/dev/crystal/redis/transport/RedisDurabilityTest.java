package dev.crystal.redis.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crystal.redis.RedisDurability;
import dev.crystal.testsupport.LocalRedisCluster;
import dev.crystal.testsupport.LocalRedisServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.InstantSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two real Redis servers of the test's own (ports 6411, 6412): one fsyncs every write, the other does not; and the
 * three-master test cluster (31001–31003), each master asked.
 */
@Tag("system")
class RedisDurabilityTest {

    private static RedisDurability durabilityOf(LocalRedisServer redis) {
        try (RedisStreamsTransport transport = RedisStreamsTransport.open(redis.uri(),
                RedisStreamsSettings.defaults("durability-test"),
                TestCodecs.ping(), InstantSource.system())) {
            return transport.durability();
        }
    }

    @Test
    void onlyAppendOnlyWithFsyncOnEveryWriteIsDurable() {
        try (LocalRedisServer always = LocalRedisServer.start(6411, "--appendonly", "yes", "--appendfsync", "always");
             LocalRedisServer everysec = LocalRedisServer.start(6412, "--appendonly", "yes", "--appendfsync",
                     "everysec")) {
            RedisDurability durable = durabilityOf(always);
            assertThat(durable.durable()).isTrue();
            assertThat(durable.detail()).isEqualTo("appendonly=yes appendfsync=always");
            RedisDurability lossy = durabilityOf(everysec);
            assertThat(lossy.durable()).isFalse();
            assertThat(lossy.detail()).isEqualTo("appendonly=yes appendfsync=everysec");
        }
    }

    @Test
    void everyMasterOfARedisClusterIsAsked() {
        LocalRedisCluster cluster = LocalRedisCluster.shared(31001);
        try (RedisStreamsTransport transport = RedisStreamsTransport.openCluster(cluster.uris(),
                RedisStreamsSettings.defaults("durability-test"), TestCodecs.ping(),
                new SimpleMeterRegistry(), InstantSource.system(), null)) {
            RedisDurability durability = transport.durability();
            assertThat(durability.durable()).as("the test cluster runs without AOF").isFalse();
            assertThat(durability.detail()).isEqualTo("127.0.0.1:31001 appendonly=no appendfsync=everysec, "
                    + "127.0.0.1:31002 appendonly=no appendfsync=everysec, "
                    + "127.0.0.1:31003 appendonly=no appendfsync=everysec");
        }
    }
}

package dev.crystal.redis.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crystal.redis.RedisDurability;
import dev.crystal.testsupport.LocalRedisServer;
import java.time.InstantSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Two real Redis servers of the test's own (ports 6411, 6412): one fsyncs every write, the other does not. */
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
}

package dev.crystal.redis.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crystal.redis.RedisKeys;
import dev.crystal.runtime.spi.Lease;
import dev.crystal.testsupport.LeaseContract;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link LeaseContract} against the local Redis (127.0.0.1:6379); every test uses its own prefix and deletes its
 * keys. Two holders, {@code node-a} and {@code node-b}, share the prefix.
 */
class RedisLeasesTest extends LeaseContract {
    private static final String URI = "redis://127.0.0.1:6379";
    private final String prefix = "leasetest-" + UUID.randomUUID();
    private final RedisLeases a = RedisLeases.open(URI, prefix, "node-a", TTL);
    private final RedisLeases b = RedisLeases.open(URI, prefix, "node-b", TTL);

    @AfterEach
    void cleanUp() {
        a.close();
        b.close();
        RedisKeys.deleteMatching(URI, prefix + "*");
        assertThat(RedisKeys.countMatching(URI, prefix + "*")).isZero();
    }

    @Override
    protected Lease lease(String holder, String name) {
        return (holder.equals("node-a") ? a : b).lease(name);
    }

    @Override
    protected String holderOf(String name) {
        return a.holderOf(name);
    }

    @Test
    void unreachableRedisFailsNamingTheUri() {
        assertThatThrownBy(() -> RedisLeases.open("redis://127.0.0.1:1", prefix, "x", Duration.ofSeconds(1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("redis://127.0.0.1:1");
    }
}

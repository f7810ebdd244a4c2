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
    void everyGrantHasALargerEpochAndARenewalKeepsIt() {
        Lease first = a.lease("domain.balance");
        assertThat(first.epoch()).isZero();
        assertThat(first.tryHold()).isTrue();
        long granted = first.epoch();
        assertThat(granted).isPositive();
        assertThat(first.tryHold()).isTrue();
        assertThat(first.epoch()).as("a renewal keeps the epoch").isEqualTo(granted);

        Lease second = b.lease("domain.balance");
        assertThat(second.tryHold()).isFalse();
        assertThat(second.epoch()).isZero();
        first.close();
        assertThat(second.tryHold()).isTrue();
        assertThat(second.epoch()).as("a new grant, a newer epoch").isGreaterThan(granted);

        second.close();
        assertThat(first.tryHold()).isTrue();
        assertThat(first.epoch()).isGreaterThan(granted + 1);
        assertThat(a.epochOf("domain.balance")).isEqualTo(first.epoch());
    }

    @Test
    void anEpochFloorRaisesTheEpochWhenRedisLostItsCounter() {
        Lease lease = a.lease("domain.collections");
        assertThat(lease.tryHold()).isTrue();
        assertThat(lease.epoch()).isEqualTo(1);
        // the store has seen epoch 41 (Redis restarted without persistence and counts from 1 again)
        assertThat(lease.tryHold(41)).isTrue();
        assertThat(lease.epoch()).isEqualTo(42);
        assertThat(lease.tryHold(41)).isTrue();
        assertThat(lease.epoch()).as("already above the floor: kept").isEqualTo(42);
        lease.close();
        Lease other = b.lease("domain.collections");
        assertThat(other.tryHold(100)).isTrue();
        assertThat(other.epoch()).isEqualTo(101);
    }

    @Test
    void unreachableRedisFailsNamingTheUri() {
        assertThatThrownBy(() -> RedisLeases.open("redis://127.0.0.1:1", prefix, "x", Duration.ofSeconds(1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("redis://127.0.0.1:1");
    }
}

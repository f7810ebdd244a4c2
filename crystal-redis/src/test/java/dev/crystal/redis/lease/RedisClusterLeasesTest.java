package dev.crystal.redis.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.crystal.runtime.spi.Lease;
import dev.crystal.testsupport.LocalRedisCluster;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Leases on a real three-master Redis Cluster on ports 31001–31003 (shared with the other cluster tests of this
 * JVM): the leases of every domain, spread over the masters, behave as on one Redis.
 */
@Tag("system")
class RedisClusterLeasesTest {
    private static final List<String> DOMAINS = List.of("balance", "collections", "notifications", "distributions",
            "freeplay", "adjustments", "workflows");
    private final LocalRedisCluster cluster = LocalRedisCluster.shared(31001);
    private final RedisLeases a = RedisLeases.openCluster(cluster.uris(), "leases", "node-a", Duration.ofMillis(800));
    private final RedisLeases b = RedisLeases.openCluster(List.of(cluster.uris().get(2)), "leases", "node-b",
            Duration.ofMillis(800));

    @AfterEach
    void cleanUp() {
        a.close();
        b.close();
        cluster.flushAll();
    }

    @Test
    void everyDomainHasOneHolderAndTheLeasesSpreadOverTheMasters() {
        for (String domain : DOMAINS) {
            assertThat(a.lease("domain." + domain).tryHold()).as(domain).isTrue();
            assertThat(b.lease("domain." + domain).tryHold()).as(domain).isFalse();
            assertThat(b.holderOf("domain." + domain)).isEqualTo("node-a");
        }
        // each lease is two keys on one master (hash tag {domain.<name>}): the holder and its epoch counter
        assertThat(cluster.keyCount()).isEqualTo(2L * DOMAINS.size());
        assertThat(cluster.mastersWithKeys()).as("seven lease keys on more than one master").isGreaterThan(1);
    }

    @Test
    void aLeaseNotRenewedPassesToTheOtherHolderAndReleaseIsCompareAndSet() {
        Lease first = a.lease("domain.collections");
        assertThat(first.tryHold()).isTrue();
        b.lease("domain.collections").close();
        assertThat(a.holderOf("domain.collections")).as("b cannot release a's lease").isEqualTo("node-a");
        Lease second = b.lease("domain.collections");
        await().atMost(Duration.ofSeconds(5)).until(second::tryHold);
        assertThat(first.tryHold()).as("the old holder lost it").isFalse();
        second.close();
        assertThat(first.tryHold()).as("released: free at once").isTrue();
    }

    @Test
    void anUnreachableClusterFailsNamingTheSeeds() {
        assertThatThrownBy(() -> RedisLeases.openCluster(List.of("redis://127.0.0.1:1"), "leases", "x",
                Duration.ofSeconds(1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("redis://127.0.0.1:1");
    }
}

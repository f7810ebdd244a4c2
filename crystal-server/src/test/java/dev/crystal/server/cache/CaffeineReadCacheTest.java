package dev.crystal.server.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.crystal.settlement.contracts.BalanceReply;
import dev.crystal.settlement.kernel.Money;
import dev.crystal.settlement.kernel.ViewChanges;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The in-process cache on its own: lifetimes with jitter on a manual clock, the load/invalidation race, meters. */
class CaffeineReadCacheTest {
    private final AtomicLong nanos = new AtomicLong();
    private final Ticker ticker = nanos::get;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicInteger loads = new AtomicInteger();

    private ReadCaches caches(CacheSettings settings) {
        return ReadCaches.caffeine(settings, registry, ticker, new SplittableRandom(42), Runnable::run);
    }

    private BalanceReply.Lookup balance(String customer, String amount) {
        loads.incrementAndGet();
        Money m = Money.of(amount);
        return new BalanceReply.CustomerBalance(customer, m, Money.ZERO, m, Money.ZERO);
    }

    private void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    @Test
    void everyEntryLivesTheTtlPlusItsOwnRandomJitter() {
        ReadCaches caches = caches(CacheSettings.defaults().withTtl(Duration.ofSeconds(10))
                .withJitter(Duration.ofSeconds(5)));
        var cache = (CaffeineReadCache<BalanceReply.Lookup, BalanceReply.CustomerBalance>) caches.balances();
        List<String> keys = IntStream.range(0, 50).mapToObj(i -> "C" + i).toList();
        keys.forEach(k -> cache.read(k, () -> balance(k, "1.00")));

        Set<Long> lifetimes = new HashSet<>();
        var policy = cache.caffeine().policy().expireVariably().orElseThrow();
        for (String k : keys) {
            Duration life = policy.getExpiresAfter(k).orElseThrow();
            assertThat(life).isBetween(Duration.ofSeconds(10), Duration.ofSeconds(15));
            lifetimes.add(life.toMillis());
        }
        assertThat(lifetimes).as("jitter spreads the expiries").hasSizeGreaterThan(40);

        advance(Duration.ofMillis(9_999));
        keys.forEach(k -> cache.read(k, () -> balance(k, "2.00")));
        assertThat(loads).as("nothing expires before the TTL").hasValue(50);

        advance(Duration.ofMillis(2_501));
        long expiredHalfway = keys.stream().filter(k -> cache.caffeine().getIfPresent(k) == null).count();
        assertThat(expiredHalfway).as("some, not all, expire inside the jitter window").isBetween(1L, 49L);

        advance(Duration.ofMillis(2_501));
        keys.forEach(k -> assertThat(cache.read(k, () -> balance(k, "3.00")))
                .isEqualTo(balance(k, "3.00")));
        assertThat(cache.stats().evictions()).as("expired entries count as evictions").isEqualTo(50);
    }

    @Test
    void withoutJitterEveryEntryLivesExactlyTheTtl() {
        ReadCaches caches = caches(CacheSettings.defaults().withTtl(Duration.ofSeconds(10)).withJitter(Duration.ZERO));
        caches.balances().read("C1", () -> balance("C1", "1.00"));
        advance(Duration.ofMillis(9_999));
        caches.balances().read("C1", () -> balance("C1", "1.00"));
        assertThat(loads).hasValue(1);
        advance(Duration.ofMillis(1));
        caches.balances().read("C1", () -> balance("C1", "1.00"));
        assertThat(loads).hasValue(2);
    }

    @Test
    void aLoadThatRacedWithAnInvalidationIsNotKept() {
        ReadCaches caches = caches(CacheSettings.defaults());
        // The load reads the old balance, then the ledger changes and invalidates, then the load finishes.
        BalanceReply.Lookup answered = caches.balances().read("C1", () -> {
            BalanceReply.Lookup old = balance("C1", "100.00");
            caches.changed(ViewChanges.View.BALANCE, "C1", "BALANCE_UPDATED");
            return old;
        });
        assertThat(answered).isEqualTo(balance("C1", "100.00"));
        assertThat(caches.balances().read("C1", () -> balance("C1", "150.00")))
                .as("the stale load was dropped: the next read asks again").isEqualTo(balance("C1", "150.00"));
        assertThat(caches.balances().read("C1", () -> balance("C1", "999.00")))
                .as("and keeps the fresh answer").isEqualTo(balance("C1", "150.00"));
    }

    @Test
    void anInvalidationDropsTheEntryAndCountsItsCause() {
        ReadCaches caches = caches(CacheSettings.defaults());
        caches.balances().read("C1", () -> balance("C1", "1.00"));
        caches.changed(ViewChanges.View.BALANCE, "C1", "HOLD_PLACED");
        assertThat(caches.balances().read("C1", () -> balance("C1", "2.00"))).isEqualTo(balance("C1", "2.00"));
        assertThat(registry.get("crystal.cache.invalidations").tags("cache", "balances", "cause", "HOLD_PLACED")
                .counter().count()).isEqualTo(1);
    }

    @Test
    void notFoundAnswersAreNotCached() {
        ReadCaches caches = caches(CacheSettings.defaults());
        caches.balances().read("NOPE", () -> {
            loads.incrementAndGet();
            return new BalanceReply.UnknownCustomer("NOPE");
        });
        caches.balances().read("NOPE", () -> balance("NOPE", "5.00"));
        assertThat(loads).hasValue(2);
    }

    @Test
    void hitsMissesEvictionsAndLoadTimeAreOnTheMetrics() {
        ReadCaches caches = caches(CacheSettings.defaults().withMaxEntries(1));
        caches.balances().read("C1", () -> balance("C1", "1.00"));
        caches.balances().read("C1", () -> balance("C1", "1.00"));
        caches.balances().read("C2", () -> balance("C2", "1.00"));
        caches.balances().read("C3", () -> balance("C3", "1.00"));
        String text = registry.scrape();
        assertThat(text).contains("cache_gets_total{cache=\"balances\",result=\"hit\",store=\"caffeine\"} 1.0")
                .contains("cache_gets_total{cache=\"balances\",result=\"miss\",store=\"caffeine\"} 3.0")
                .contains("cache_evictions_total{cache=\"balances\",store=\"caffeine\"}")
                .contains("cache_size{cache=\"balances\",store=\"caffeine\"}")
                .contains("crystal_cache_load_seconds_count{cache=\"balances\",store=\"caffeine\"} 3")
                .contains("cache_gets_total{cache=\"affiliates\"").contains("cache_gets_total{cache=\"bonuses\"");
        assertThat(caches.balances().stats().evictions()).isGreaterThanOrEqualTo(1);
        assertThat(caches.balances().stats().hitRate()).isEqualTo(0.25);
    }

    @Test
    void offBypassesAndRegistersNothing() {
        ReadCaches caches = caches(CacheSettings.defaults().withEnabled(false));
        caches.balances().read("C1", () -> balance("C1", "1.00"));
        caches.balances().read("C1", () -> balance("C1", "1.00"));
        assertThat(loads).hasValue(2);
        assertThat(caches.store()).isEqualTo("off");
        assertThat(registry.scrape()).doesNotContain("cache_gets");
    }
}

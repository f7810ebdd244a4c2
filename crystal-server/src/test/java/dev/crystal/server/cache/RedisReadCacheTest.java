package dev.crystal.server.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crystal.settlement.contracts.BalanceReply;
import dev.crystal.settlement.contracts.BonusIssued;
import dev.crystal.settlement.contracts.CommissionCalculated;
import dev.crystal.settlement.contracts.DistributionsMessage;
import dev.crystal.settlement.contracts.FreePlayMessage;
import dev.crystal.settlement.kernel.Money;
import dev.crystal.settlement.kernel.ViewChanges;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Redis cache against the local Redis, under a key prefix of its own that is deleted after each test. */
class RedisReadCacheTest {
    static final String URI = System.getProperty("crystal.redis.uri", "redis://127.0.0.1:6379");

    private final String prefix = "crystal-test-cache-" + UUID.randomUUID();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicInteger loads = new AtomicInteger();
    private final List<ReadCaches> opened = new ArrayList<>();
    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;
    private RedisCommands<String, String> redis;

    @BeforeEach
    void connect() {
        client = RedisClient.create(URI);
        connection = client.connect();
        redis = connection.sync();
    }

    @AfterEach
    void cleanUp() {
        opened.forEach(ReadCaches::close);
        List<String> keys = keys();
        if (!keys.isEmpty()) {
            redis.del(keys.toArray(String[]::new));
        }
        assertThat(keys()).isEmpty();
        connection.close();
        client.shutdown();
    }

    private List<String> keys() {
        List<String> keys = new ArrayList<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            var page = redis.scan(cursor, ScanArgs.Builder.matches(prefix + "*").limit(500));
            keys.addAll(page.getKeys());
            cursor = page;
        } while (!cursor.isFinished());
        return keys;
    }

    private ReadCaches caches(CacheSettings settings) {
        ReadCaches caches = ReadCaches.redis(settings, URI, prefix, registry);
        opened.add(caches);
        return caches;
    }

    private BalanceReply.Lookup balance(String customer, String amount) {
        loads.incrementAndGet();
        Money m = Money.of(amount);
        return new BalanceReply.CustomerBalance(customer, m, Money.of("0.50"), m.minus(Money.of("0.50")), Money.ZERO);
    }

    @Test
    void keepsEachViewAsExactContractsJsonUnderTheNodesPrefix() {
        ReadCaches caches = caches(CacheSettings.defaults());
        BalanceReply.Lookup balance = balance("C1", "100.10");
        assertThat(caches.balances().read("C1", () -> balance)).isEqualTo(balance);
        assertThat(caches.balances().read("C1", () -> balance("C1", "1.00"))).isEqualTo(balance);

        var commission = new CommissionCalculated("AFF_1", "2025-01", Money.of("800.00"), new BigDecimal("20.0"),
                Money.of("160.00"), Money.of("16.00"), Money.of("176.00"),
                new CommissionCalculated.PaymentSchedule(LocalDate.of(2025, 2, 15), "wire_transfer", "standard"));
        var affiliate = new DistributionsMessage.AffiliateView("AFF_1", new BigDecimal("20.0"), Money.of("500.00"),
                new BigDecimal("10"), "wire_transfer", List.of("C1", "C2"),
                List.of(new DistributionsMessage.CommissionStatement(commission, "calculated", null)));
        caches.affiliates().read("AFF_1", () -> affiliate);
        assertThat(caches.affiliates().read("AFF_1", () -> new DistributionsMessage.AffiliateNotFound("AFF_1")))
                .isEqualTo(affiliate);

        var bonus = new FreePlayMessage.BonusView(new BonusIssued("FP1", "C1", "welcome", Money.of("50.00"), 3,
                Instant.parse("2030-01-01T00:00:00Z"), null), "active", Money.of("150.00"), Money.of("20.00"),
                Money.ZERO, Money.of("50.00"), Instant.parse("2025-01-01T10:00:00Z"), null, null);
        caches.bonuses().read("FP1", () -> bonus);
        assertThat(caches.bonuses().read("FP1", () -> new FreePlayMessage.BonusNotFound("FP1"))).isEqualTo(bonus);

        assertThat(keys()).containsExactlyInAnyOrder(prefix + ":cache:balances:v:{C1}",
                prefix + ":cache:affiliates:v:{AFF_1}", prefix + ":cache:bonuses:v:{FP1}");
        assertThat(redis.get(prefix + ":cache:balances:v:{C1}")).contains("\"balance\":100.10");
    }

    @Test
    void anInvalidationOnOneNodeIsSeenByEveryNode() {
        ReadCaches nodeA = caches(CacheSettings.defaults());
        ReadCaches nodeB = caches(CacheSettings.defaults());
        nodeA.balances().read("C1", () -> balance("C1", "100.00"));
        assertThat(nodeB.balances().read("C1", () -> balance("C1", "7.00"))).isEqualTo(balance("C1", "100.00"));

        nodeB.changed(ViewChanges.View.BALANCE, "C1", "BALANCE_UPDATED");
        assertThat(nodeA.balances().read("C1", () -> balance("C1", "150.00"))).isEqualTo(balance("C1", "150.00"));
        assertThat(registry.get("cache.evictions").tags("cache", "balances").counter().count()).isEqualTo(1);
    }

    @Test
    void aLoadThatRacedWithAnInvalidationIsNotKept() {
        ReadCaches caches = caches(CacheSettings.defaults());
        caches.balances().read("C1", () -> {
            BalanceReply.Lookup old = balance("C1", "100.00");
            caches.changed(ViewChanges.View.BALANCE, "C1", "BALANCE_UPDATED");
            return old;
        });
        assertThat(redis.exists(prefix + ":cache:balances:v:{C1}")).isZero();
        assertThat(redis.get(prefix + ":cache:balances:g:{C1}")).isEqualTo("1");
        assertThat(caches.balances().read("C1", () -> balance("C1", "150.00"))).isEqualTo(balance("C1", "150.00"));
        assertThat(caches.balances().read("C1", () -> balance("C1", "999.00"))).isEqualTo(balance("C1", "150.00"));
    }

    @Test
    void entriesLiveTheTtlPlusARandomJitter() {
        ReadCaches caches = caches(CacheSettings.defaults().withTtl(Duration.ofSeconds(60))
                .withJitter(Duration.ofSeconds(30)));
        Set<Long> lifetimes = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            String id = "C" + i;
            caches.balances().read(id, () -> balance(id, "1.00"));
            long ttl = redis.pttl(prefix + ":cache:balances:v:{" + id + "}");
            assertThat(ttl).isBetween(59_000L, 90_000L);
            lifetimes.add(ttl / 100);
        }
        assertThat(lifetimes).as("jitter spreads the expiries").hasSizeGreaterThan(20);
    }

    @Test
    void countsHitsMissesPutsAndLoadTime() {
        ReadCaches caches = caches(CacheSettings.defaults());
        caches.balances().read("C1", () -> balance("C1", "1.00"));
        caches.balances().read("C1", () -> balance("C1", "1.00"));
        caches.balances().read("C1", () -> balance("C1", "1.00"));
        caches.balances().warm("C2", () -> balance("C2", "1.00"));
        String text = registry.scrape();
        assertThat(text).contains("cache_gets_total{cache=\"balances\",result=\"hit\",store=\"redis\"} 2.0")
                .contains("cache_gets_total{cache=\"balances\",result=\"miss\",store=\"redis\"} 1.0")
                .contains("cache_puts_total{cache=\"balances\",store=\"redis\"} 2.0")
                .contains("crystal_cache_load_seconds_count{cache=\"balances\",store=\"redis\"} 2");
        assertThat(caches.balances().stats().hitRate()).isEqualTo(2 / 3.0);
        assertThat(loads).hasValue(2);
    }

    @Test
    void anUnreachableRedisIsAClearStartError() {
        Assertions.assertThatThrownBy(() -> ReadCaches.redis(CacheSettings.defaults(),
                        "redis://127.0.0.1:1", prefix, registry))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("redis://127.0.0.1:1");
    }
}

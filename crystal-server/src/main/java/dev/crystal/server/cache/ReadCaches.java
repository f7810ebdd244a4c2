package dev.crystal.server.cache;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.crystal.redis.ClusterSeeds;
import dev.crystal.redis.SharedClientResources;
import dev.crystal.runtime.Reply;
import dev.crystal.runtime.WorkerRuntime;
import dev.crystal.settlement.catalogue.ContractsJson;
import dev.crystal.settlement.contracts.Addresses;
import dev.crystal.settlement.contracts.BalanceCommand;
import dev.crystal.settlement.contracts.BalanceReply;
import dev.crystal.settlement.contracts.DistributionsMessage;
import dev.crystal.settlement.contracts.FreePlayMessage;
import dev.crystal.settlement.kernel.ViewChanges;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's read caches — customer balances, affiliates and bonuses — and their invalidation: as the
 * domains' {@link ViewChanges} port, it drops an entry on the domain worker's thread at the moment the state behind
 * it changes, before the worker answers (so a balance read after a settlement's answer is never stale). Built
 * in-process ({@link #caffeine}, embedded), shared ({@link #redis}, a cluster) or bypassed ({@link #off}). Warms
 * the balances of the customers with the most recent ledger activity at start ({@link #warm}).
 * Thread-safe: reads from request threads, invalidations from domain workers, warming on its own virtual thread.
 */
public final class ReadCaches implements ViewChanges, AutoCloseable {
    public static final String BALANCES = "balances";
    public static final String AFFILIATES = "affiliates";
    public static final String BONUSES = "bonuses";
    private static final Logger LOG = LoggerFactory.getLogger(ReadCaches.class);
    private static final Duration WARM_TIMEOUT = Duration.ofSeconds(5);
    private static final int WARM_ATTEMPTS = 5;

    private final CacheSettings settings;
    private final String store;
    private final ReadCache<BalanceReply.Lookup, BalanceReply.CustomerBalance> balances;
    private final ReadCache<DistributionsMessage.AffiliateAnswer, DistributionsMessage.AffiliateView> affiliates;
    private final ReadCache<FreePlayMessage.BonusAnswer, FreePlayMessage.BonusView> bonuses;
    private final AutoCloseable resources;
    private volatile CompletableFuture<Integer> warming = CompletableFuture.completedFuture(0);

    private ReadCaches(CacheSettings settings, String store,
                       ReadCache<BalanceReply.Lookup, BalanceReply.CustomerBalance> balances,
                       ReadCache<DistributionsMessage.AffiliateAnswer, DistributionsMessage.AffiliateView> affiliates,
                       ReadCache<FreePlayMessage.BonusAnswer, FreePlayMessage.BonusView> bonuses,
                       AutoCloseable resources) {
        this.settings = settings;
        this.store = store;
        this.balances = balances;
        this.affiliates = affiliates;
        this.bonuses = bonuses;
        this.resources = resources;
    }

    /** No cache: every read asks the domain worker, nothing is registered on the meters. */
    public static ReadCaches off() {
        CacheSettings settings = CacheSettings.defaults().withEnabled(false);
        return new ReadCaches(settings, Bypass.STORE, new Bypass<>(BALANCES), new Bypass<>(AFFILIATES),
                new Bypass<>(BONUSES), () -> { });
    }

    /** In-process caches for an embedded platform, or {@link #off()} when {@code settings} disable caching. */
    public static ReadCaches caffeine(CacheSettings settings, MeterRegistry registry) {
        return caffeine(settings, registry, Ticker.systemTicker(), ThreadLocalRandom.current(),
                ForkJoinPool.commonPool());
    }

    /**
     * As {@link #caffeine(CacheSettings, MeterRegistry)} with the time, the jitter's randomness and the executor of
     * Caffeine's bookkeeping given (tests: a manual ticker and {@code Runnable::run}).
     */
    static ReadCaches caffeine(CacheSettings settings, MeterRegistry registry, Ticker ticker, RandomGenerator random,
                               Executor maintenance) {
        if (!settings.enabled()) {
            return off();
        }
        return new ReadCaches(settings, CaffeineReadCache.STORE,
                new CaffeineReadCache<>(BALANCES, BalanceReply.CustomerBalance.class, settings, registry, ticker,
                        random, maintenance),
                new CaffeineReadCache<>(AFFILIATES, DistributionsMessage.AffiliateView.class, settings, registry,
                        ticker, random, maintenance),
                new CaffeineReadCache<>(BONUSES, FreePlayMessage.BonusView.class, settings, registry, ticker, random,
                        maintenance),
                () -> { });
    }

    /**
     * Caches on the Redis at {@code redisUri}, under {@code keyPrefix}{@code :cache:}, shared by every node that uses
     * the same prefix; {@link #off()} when {@code settings} disable caching.
     *
     * @throws IllegalStateException naming the URI when Redis cannot be reached
     */
    public static ReadCaches redis(CacheSettings settings, String redisUri, String keyPrefix, MeterRegistry registry) {
        if (!settings.enabled()) {
            return off();
        }
        RedisClient client = SharedClientResources.client(RedisURI.create(redisUri));
        StatefulRedisConnection<String, String> connection;
        try {
            connection = client.connect();
        } catch (RuntimeException e) {
            SharedClientResources.shutdown(client);
            throw new IllegalStateException("cache: cannot reach Redis at " + redisUri + ": " + e.getMessage(), e);
        }
        return onRedis(settings, connection.sync(), keyPrefix, registry, () -> {
            connection.close();
            SharedClientResources.shutdown(client);
        });
    }

    /**
     * Caches on the Redis Cluster seeded by {@code seedUris}, with the keys of {@link #redis}; each entry's value and
     * generation share the entry's id as hash tag, so the scripts run on one master.
     *
     * @throws IllegalStateException naming the seeds when the cluster cannot be reached
     */
    public static ReadCaches redisCluster(CacheSettings settings, List<String> seedUris, String keyPrefix,
                                          MeterRegistry registry) {
        if (!settings.enabled()) {
            return off();
        }
        RedisClusterClient client = ClusterSeeds.client(seedUris);
        StatefulRedisClusterConnection<String, String> connection;
        try {
            connection = client.connect();
        } catch (RuntimeException e) {
            SharedClientResources.shutdown(client);
            throw new IllegalStateException("cache: cannot reach the Redis Cluster at "
                    + ClusterSeeds.describe(seedUris) + ": " + e.getMessage(), e);
        }
        return onRedis(settings, connection.sync(), keyPrefix, registry, () -> {
            connection.close();
            SharedClientResources.shutdown(client);
        });
    }

    private static ReadCaches onRedis(CacheSettings settings,
                                      RedisClusterCommands<String, String> commands,
                                      String keyPrefix, MeterRegistry registry, AutoCloseable close) {
        var json = ContractsJson.jsonMapper();
        RandomGenerator random = ThreadLocalRandom.current();
        return new ReadCaches(settings, RedisReadCache.STORE,
                new RedisReadCache<>(BALANCES, BalanceReply.CustomerBalance.class, settings, commands, keyPrefix,
                        json, registry, random),
                new RedisReadCache<>(AFFILIATES, DistributionsMessage.AffiliateView.class, settings, commands,
                        keyPrefix, json, registry, random),
                new RedisReadCache<>(BONUSES, FreePlayMessage.BonusView.class, settings, commands, keyPrefix, json,
                        registry, random),
                close);
    }

    /** Whether reads go through a cache. */
    public boolean enabled() {
        return settings.enabled();
    }

    /** {@code caffeine}, {@code redis} or {@code off}. */
    public String store() {
        return store;
    }

    public CacheSettings settings() {
        return settings;
    }

    /** Customer balances ({@code GET /customers/{id}/balance}), by customer id. */
    public ReadCache<BalanceReply.Lookup, BalanceReply.CustomerBalance> balances() {
        return balances;
    }

    /** Affiliates ({@code GET /affiliates/{id}}), by affiliate id. */
    public ReadCache<DistributionsMessage.AffiliateAnswer, DistributionsMessage.AffiliateView> affiliates() {
        return affiliates;
    }

    /** Bonuses, their terms and progress ({@code GET /bonuses/{id}}), by transaction id. */
    public ReadCache<FreePlayMessage.BonusAnswer, FreePlayMessage.BonusView> bonuses() {
        return bonuses;
    }

    /** What each cache did since start. */
    public List<ReadCache.CacheStats> stats() {
        return List.of(balances.stats(), affiliates.stats(), bonuses.stats());
    }

    @Override
    public void changed(View view, String id, String cause) {
        switch (view) {
            case BALANCE -> balances.invalidate(id, cause);
            case AFFILIATE -> affiliates.invalidate(id, cause);
            case BONUS -> bonuses.invalidate(id, cause);
        }
    }

    /**
     * Loads, on a virtual thread, the balances of the {@code warm} customers with the most recent ledger activity
     * (asked of the balance worker, so it works wherever that worker runs). Call once the runtime has started.
     *
     * @return completes with the number of balances loaded (0 when off or nothing to warm)
     */
    public CompletableFuture<Integer> warm(WorkerRuntime runtime) {
        if (!settings.enabled() || settings.warm() == 0) {
            return warming;
        }
        CompletableFuture<Integer> done = new CompletableFuture<>();
        warming = done;
        Thread.ofVirtual().name("crystal-cache-warming").start(() -> {
            try {
                done.complete(warmBalances(runtime));
            } catch (RuntimeException e) {
                LOG.warn("cache warming failed: {}", e.toString());
                done.complete(0);
            }
        });
        return done;
    }

    /** The last warming started (completed with 0 when none was). */
    public CompletableFuture<Integer> warming() {
        return warming;
    }

    private int warmBalances(WorkerRuntime runtime) {
        long start = System.nanoTime();
        String correlationId = "cache_warm_" + UUID.randomUUID().toString().replace("-", "");
        List<String> customers = null;
        for (int attempt = 1; customers == null; attempt++) {
            switch (runtime.request(Addresses.BALANCE, new BalanceCommand.GetActiveCustomers(settings.warm()),
                    correlationId, WARM_TIMEOUT).join()) {
                case Reply.Success<BalanceReply.ActiveCustomers> ok -> customers = ok.value().customerIds();
                case Reply.Failure<BalanceReply.ActiveCustomers> failure -> {
                    // In a cluster the balance domain may not have an owner yet: ask again a little later.
                    if (attempt == WARM_ATTEMPTS) {
                        LOG.warn("cache warming skipped: the balance domain did not answer ({})", failure.kind());
                        return 0;
                    }
                    sleep(Duration.ofSeconds(1));
                }
            }
        }
        int loaded = 0;
        for (String customerId : customers) {
            Supplier<BalanceReply.Lookup> load = () -> switch (runtime.request(Addresses.BALANCE,
                    new BalanceCommand.GetBalance(customerId), correlationId, WARM_TIMEOUT).join()) {
                case Reply.Success<BalanceReply.Lookup> ok -> ok.value();
                case Reply.Failure<BalanceReply.Lookup> failure -> throw new IllegalStateException(
                        "balance of " + customerId + ": " + failure.kind());
            };
            balances.warm(customerId, load);
            loaded++;
        }
        LOG.info("cache warmed: {} balances of the most recently active customers in {} ms", loaded,
                (System.nanoTime() - start) / 1_000_000);
        return loaded;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Releases the store's connection (warming still running then gives up). */
    @Override
    public void close() {
        try {
            resources.close();
        } catch (Exception e) {
            LOG.warn("closing the cache failed: {}", e.toString());
        }
    }

    /** The cache that is not there: every read loads. Stateless. */
    private record Bypass<A, V extends A>(String name) implements ReadCache<A, V> {
        static final String STORE = "off";

        @Override
        public A read(String key, Supplier<? extends A> load) {
            return load.get();
        }

        @Override
        public void warm(String key, Supplier<? extends A> load) {
        }

        @Override
        public void invalidate(String key, String cause) {
        }

        @Override
        public CacheStats stats() {
            return new CacheStats(name, STORE, 0, 0, 0, 0, 0, 0);
        }
    }
}

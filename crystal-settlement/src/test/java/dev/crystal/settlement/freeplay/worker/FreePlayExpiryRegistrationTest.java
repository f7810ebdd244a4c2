package dev.crystal.settlement.freeplay.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crystal.runtime.RuntimeConfig;
import dev.crystal.runtime.WorkerRuntime;
import dev.crystal.settlement.contracts.Addresses;
import dev.crystal.settlement.contracts.BalanceReply;
import dev.crystal.settlement.contracts.BonusIssued;
import dev.crystal.settlement.freeplay.adapter.JdbcBonusStore;
import dev.crystal.settlement.freeplay.application.FreePlayService;
import dev.crystal.settlement.kernel.Money;
import dev.crystal.settlement.kernel.ViewChanges;
import dev.crystal.store.SqliteDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bonus expiries live in the job store, which a Redis restarted without persistence empties: the free-play worker
 * hands every active bonus's expiry to the scheduler again when it starts or takes the domain over.
 */
class FreePlayExpiryRegistrationTest {
    @TempDir
    Path dir;

    @Test
    void everyActiveBonusExpiryIsRegisteredAgainAtStart() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant inADay = now.plus(Duration.ofDays(1));
        Instant inAWeek = now.plus(Duration.ofDays(7));
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("freeplay.db"), List.of(JdbcBonusStore.MIGRATIONS))) {
            FreePlayService service = new FreePlayService(new JdbcBonusStore(db));
            active(service, "FP_DAY", inADay, now);
            active(service, "FP_WEEK", inAWeek, now);
            // issuing (not credited yet): its expiry is registered once the ledger credits it, not here
            service.issue(new BonusIssued("FP_ISSUING", "CUST_1", "welcome_bonus", Money.of("5.00"), 1, inADay, null),
                    now);
            Map<String, Instant> registered = new ConcurrentHashMap<>();
            WorkerRuntime runtime = WorkerRuntime.create(RuntimeConfig.defaults("expiries"));
            runtime.register(Addresses.BALANCE, (envelope, context) -> { }); // a ledger that never answers
            runtime.register(Addresses.FREEPLAY, new FreePlayWorker(service, (id, at, correlation) ->
                    registered.put(id, at), ViewChanges.NONE, new SplittableRandom(14)));
            runtime.start();
            try {
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(registered)
                        .containsExactlyInAnyOrderEntriesOf(Map.of("FP_DAY", inADay, "FP_WEEK", inAWeek)));
            } finally {
                runtime.shutdown();
            }
        }
    }

    private static void active(FreePlayService service, String id, Instant expiresAt, Instant now) {
        service.issue(new BonusIssued(id, "CUST_1", "welcome_bonus", Money.of("5.00"), 1, expiresAt, null), now);
        service.recordCredit(id, new BalanceReply.Posted("bonus:" + id, "CUST_1", Money.of("5.00"), now), now);
    }
}

package dev.crystal.settlement.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crystal.runtime.Address;
import dev.crystal.runtime.Delivery;
import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.Reply;
import dev.crystal.runtime.RuntimeConfig;
import dev.crystal.runtime.Worker;
import dev.crystal.runtime.WorkerContext;
import dev.crystal.runtime.WorkerRuntime;
import dev.crystal.settlement.balance.adapter.JdbcLedgerStore;
import dev.crystal.settlement.balance.application.BalanceService;
import dev.crystal.settlement.balance.worker.BalanceWorker;
import dev.crystal.settlement.contracts.Addresses;
import dev.crystal.settlement.contracts.BalanceCommand;
import dev.crystal.settlement.contracts.BalanceReply;
import dev.crystal.settlement.contracts.BalanceUpdated;
import dev.crystal.settlement.contracts.SettlementType;
import dev.crystal.settlement.kernel.Money;
import dev.crystal.settlement.storetest.StoreBackend;
import dev.crystal.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The balance domain wrapped as {@link SettlementAssembly} wraps it, on a real database: a settlement posting
 * delivered twice (same message id) moves the ledger once and announces it once, with stable event ids; the
 * BalanceUpdated events survive the outbox as contract JSON. Thread ownership: the JUnit thread.
 */
abstract class ExactlyOnceContract {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final StoreBackend backend = backend();
    private WorkerRuntime runtime;

    protected abstract StoreBackend backend();

    @AfterEach
    void stop() {
        if (runtime != null) {
            runtime.shutdownNow();
        }
        backend.close();
    }

    @Test
    void aPostingDeliveredTwiceMovesTheLedgerOnceAndAnnouncesItOnce() throws Exception {
        Database db = backend.open("balance");
        JdbcLedgerStore ledger = new JdbcLedgerStore(db, InstantSource.system());
        Queue<Envelope<?>> announced = new ConcurrentLinkedQueue<>();
        runtime = WorkerRuntime.create(RuntimeConfig.defaults("exactly-once"));
        runtime.register(Addresses.BALANCE, SettlementAssembly.exactlyOnce(new BalanceWorker(new BalanceService(ledger)),
                db, runtime, new ContractsPayloadCodec()));
        Address<BalanceUpdated> probe = Address.of("probe", BalanceUpdated.class);
        runtime.register(probe, new Worker<>() {
            @Override
            public void onMessage(Envelope<BalanceUpdated> envelope, WorkerContext context) {
                announced.add(envelope);
            }
        });
        runtime.subscribe(BalanceUpdated.class, probe);
        runtime.start();
        runtime.request(Addresses.BALANCE, new BalanceCommand.OpenAccount("CUST_1", Money.of("100.00")), null, WAIT)
                .get();
        announced.clear();

        Envelope<BalanceCommand> post = new Envelope<>("post-1", "POST_SETTLEMENT", "corr-1", null, "external",
                Addresses.BALANCE.name(), Instant.now(),
                new BalanceCommand.PostSettlement("S1", "CUST_1", SettlementType.PAYOUT, Money.of("10.00")));
        assertThat(runtime.deliver(post)).isEqualTo(Delivery.ACCEPTED);
        await().atMost(WAIT).until(() -> !announced.isEmpty());
        int once = announced.size();
        assertThat(runtime.deliver(post)).isEqualTo(Delivery.ACCEPTED);
        Reply<BalanceReply.Lookup> balance = runtime.request(Addresses.BALANCE,
                new BalanceCommand.GetBalance("CUST_1"), null, WAIT).get();
        Thread.sleep(200); // a second announcement, if any, would have arrived by now

        assertThat(balance).isEqualTo(Reply.success(new BalanceReply.CustomerBalance("CUST_1", Money.of("110.00"),
                Money.ZERO, Money.of("110.00"), Money.ZERO)));
        assertThat(announced).hasSize(once);
        assertThat(announced).extracting(Envelope::messageId).allMatch(id -> id.startsWith("post-1/balance/"));
        assertThat(announced).extracting(Envelope::correlationId).containsOnly("corr-1");
        assertThat(announced).extracting(e -> ((BalanceUpdated) e.payload()).postingId()).containsOnly("settlement:S1");
        runtime.shutdown();
        assertThat(handled(db, "post-1")).isTrue();
        assertThat(ledger.totalOfAllAccounts()).isEqualTo(Money.ZERO);
    }

    private static boolean handled(Database db, String messageId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM inbox WHERE message_id = ?")) {
                ps.setString(1, messageId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }
}

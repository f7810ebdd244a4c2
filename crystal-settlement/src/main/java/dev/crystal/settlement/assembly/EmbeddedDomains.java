package dev.crystal.settlement.assembly;

import dev.crystal.runtime.WorkerRuntime;
import dev.crystal.settlement.balance.adapter.SqliteLedgerStore;
import dev.crystal.settlement.balance.application.BalanceService;
import dev.crystal.settlement.balance.worker.BalanceWorker;
import dev.crystal.settlement.collections.adapter.SqliteSettlementStore;
import dev.crystal.settlement.collections.application.CollectionsService;
import dev.crystal.settlement.collections.worker.CollectionsWorker;
import dev.crystal.settlement.contracts.Addresses;
import dev.crystal.settlement.contracts.DomainEvent;
import dev.crystal.settlement.notifications.adapter.NoticeChannels;
import dev.crystal.settlement.notifications.adapter.SqliteNoticeStore;
import dev.crystal.settlement.notifications.application.NotificationsService;
import dev.crystal.settlement.notifications.worker.NotificationsWorker;
import dev.crystal.store.SqliteDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Composition root of the embedded deployment: one SQLite file per domain under a data directory,
 * each domain's worker registered on the given runtime and subscribed to the events it consumes.
 * Thread ownership: built and closed by the thread that starts/stops the platform.
 */
public final class EmbeddedDomains implements AutoCloseable {
    private final List<SqliteDatabase> databases;
    private final SqliteLedgerStore ledger;

    private EmbeddedDomains(List<SqliteDatabase> databases, SqliteLedgerStore ledger) {
        this.databases = databases;
        this.ledger = ledger;
    }

    /** Opens (and migrates) the domain databases under {@code dataDir} and registers the workers on {@code runtime}. */
    public static EmbeddedDomains install(WorkerRuntime runtime, Path dataDir) {
        return install(runtime, dataDir, DomainSettings.defaults());
    }

    /** As {@link #install(WorkerRuntime, Path)} with explicit settings. */
    public static EmbeddedDomains install(WorkerRuntime runtime, Path dataDir, DomainSettings settings) {
        List<SqliteDatabase> opened = new ArrayList<>();
        try {
            SqliteDatabase balanceDb = open(opened, dataDir.resolve("balance.db"), SqliteLedgerStore.MIGRATIONS);
            SqliteDatabase collectionsDb = open(opened, dataDir.resolve("collections.db"),
                    SqliteSettlementStore.MIGRATIONS);
            SqliteDatabase notificationsDb = open(opened, dataDir.resolve("notifications.db"),
                    SqliteNoticeStore.MIGRATIONS);

            var clock = runtime.config().clock();
            SqliteLedgerStore ledger = new SqliteLedgerStore(balanceDb, clock);
            runtime.register(Addresses.BALANCE, new BalanceWorker(new BalanceService(ledger)));
            runtime.register(Addresses.COLLECTIONS,
                    new CollectionsWorker(new CollectionsService(new SqliteSettlementStore(collectionsDb),
                            settings.settlementRetry())));
            runtime.register(Addresses.NOTIFICATIONS, new NotificationsWorker(
                    new NotificationsService(new SqliteNoticeStore(notificationsDb),
                            NoticeChannels.fromSpec(settings.noticeChannel()))));
            runtime.subscribe(DomainEvent.class, Addresses.NOTIFICATIONS);
            dev.crystal.settlement.workflows.WorkflowsModule.install(runtime, dataDir, settings.workflowsDir(), opened);
            return new EmbeddedDomains(List.copyOf(opened), ledger);
        } catch (RuntimeException e) {
            opened.forEach(SqliteDatabase::close);
            throw e;
        }
    }

    private static SqliteDatabase open(List<SqliteDatabase> opened, Path file, String migrations) {
        SqliteDatabase db = SqliteDatabase.open(file, migrations);
        opened.add(db);
        return db;
    }

    /**
     * The ledger store, for invariant checks in tests. Only safe to use after the runtime stopped,
     * because the balance worker's thread owns it while running.
     */
    public SqliteLedgerStore ledgerForChecks() {
        return ledger;
    }

    /** Closes the databases; call after the runtime has shut down. */
    @Override
    public void close() {
        databases.forEach(SqliteDatabase::close);
    }
}

package dev.crystal.settlement.assembly;

import dev.crystal.jobs.Jobs;
import dev.crystal.jobs.JobsConfig;
import dev.crystal.jobs.sqlite.SqliteJobStore;
import dev.crystal.runtime.Worker;
import dev.crystal.runtime.WorkerRuntime;
import dev.crystal.settlement.adjustments.adapter.JdbcAdjustmentStore;
import dev.crystal.settlement.adjustments.application.AdjustmentsService;
import dev.crystal.settlement.adjustments.worker.AdjustmentsWorker;
import dev.crystal.settlement.balance.adapter.JdbcLedgerStore;
import dev.crystal.settlement.balance.application.BalanceService;
import dev.crystal.settlement.balance.worker.BalanceWorker;
import dev.crystal.settlement.collections.adapter.JdbcSettlementStore;
import dev.crystal.settlement.collections.application.CollectionsService;
import dev.crystal.settlement.collections.worker.CollectionsWorker;
import dev.crystal.settlement.contracts.Addresses;
import dev.crystal.settlement.contracts.DomainEvent;
import dev.crystal.settlement.contracts.SettlementProcessed;
import dev.crystal.settlement.distributions.adapter.JdbcDistributionsStore;
import dev.crystal.settlement.distributions.application.DistributionsService;
import dev.crystal.settlement.distributions.worker.DistributionsWorker;
import dev.crystal.settlement.freeplay.adapter.JdbcBonusStore;
import dev.crystal.settlement.freeplay.application.FreePlayService;
import dev.crystal.settlement.freeplay.worker.FreePlayWorker;
import dev.crystal.settlement.jobs.JobExpiryScheduler;
import dev.crystal.settlement.jobs.JobRetryScheduler;
import dev.crystal.settlement.jobs.PlatformJobs;
import dev.crystal.settlement.jobs.PlatformQueues;
import dev.crystal.settlement.notifications.adapter.GuardedNoticeChannel;
import dev.crystal.settlement.notifications.adapter.NoticeChannels;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import dev.crystal.settlement.notifications.adapter.JdbcNoticeStore;
import dev.crystal.settlement.notifications.application.NotificationsService;
import dev.crystal.settlement.notifications.worker.NotificationsWorker;
import dev.crystal.settlement.workflows.WorkflowsModule;
import dev.crystal.store.Database;
import dev.crystal.store.SqliteDatabase;
import dev.crystal.store.inbox.InboxWorker;
import dev.crystal.store.inbox.PayloadCodec;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Composition root of the embedded deployment: one SQLite file per domain under a data directory,
 * durable jobs in {@code jobs.db}, each domain's worker registered on the given runtime and
 * subscribed to the events it consumes, and the YAML workflows. Every domain worker is wrapped in an
 * {@link InboxWorker} on its own database (exactly-once effects: inbox, outbox, group commit per batch; see
 * docs/cluster.md). Thread ownership: built, started
 * and closed by the thread that starts/stops the platform.
 */
public final class EmbeddedDomains implements AutoCloseable {
    /** File of the durable job store under the data directory. */
    public static final String JOBS_FILE = "jobs.db";

    private final List<SqliteDatabase> databases;
    private final JdbcLedgerStore ledger;
    private final Jobs jobs;
    private final WorkerRuntime runtime;
    private final InstantSource clock;
    private PlatformJobs platformJobs;

    private EmbeddedDomains(List<SqliteDatabase> databases, JdbcLedgerStore ledger, Jobs jobs, WorkerRuntime runtime) {
        this.databases = databases;
        this.ledger = ledger;
        this.jobs = jobs;
        this.runtime = runtime;
        this.clock = runtime.config().clock();
    }

    /** Opens (and migrates) the domain databases under {@code dataDir} and registers the workers on {@code runtime}. */
    public static EmbeddedDomains install(WorkerRuntime runtime, Path dataDir) {
        return install(runtime, dataDir, DomainSettings.defaults());
    }

    /**
     * As {@link #install(WorkerRuntime, Path)} with explicit settings.
     *
     * @throws dev.crystal.settlement.workflows.WorkflowDefinitionException if a workflow file is invalid
     */
    public static EmbeddedDomains install(WorkerRuntime runtime, Path dataDir, DomainSettings settings) {
        List<SqliteDatabase> opened = new ArrayList<>();
        Jobs jobs = null;
        try {
            SqliteDatabase balanceDb = open(opened, dataDir.resolve("balance.db"), JdbcLedgerStore.MIGRATIONS);
            SqliteDatabase collectionsDb = open(opened, dataDir.resolve("collections.db"),
                    JdbcSettlementStore.MIGRATIONS);
            SqliteDatabase notificationsDb = open(opened, dataDir.resolve("notifications.db"),
                    JdbcNoticeStore.MIGRATIONS);
            SqliteDatabase distributionsDb = open(opened, dataDir.resolve("distributions.db"),
                    JdbcDistributionsStore.MIGRATIONS);
            SqliteDatabase freeplayDb = open(opened, dataDir.resolve("freeplay.db"), JdbcBonusStore.MIGRATIONS);
            SqliteDatabase adjustmentsDb = open(opened, dataDir.resolve("adjustments.db"),
                    JdbcAdjustmentStore.MIGRATIONS);

            var clock = runtime.config().clock();
            jobs = Jobs.open(SqliteJobStore.open(dataDir.resolve(JOBS_FILE)), JobsConfig.builder()
                    .clock(clock).meterRegistry(runtime.config().meterRegistry()).build());

            JdbcLedgerStore ledger = new JdbcLedgerStore(balanceDb, clock);
            PayloadCodec codec = new ContractsPayloadCodec();
            runtime.register(Addresses.BALANCE, exactlyOnce(new BalanceWorker(new BalanceService(ledger)), balanceDb,
                    runtime, codec));
            runtime.register(Addresses.COLLECTIONS, exactlyOnce(new CollectionsWorker(
                    new CollectionsService(new JdbcSettlementStore(collectionsDb), settings.settlementRetry()),
                    new JobRetryScheduler(jobs.queue(PlatformQueues.SETTLEMENT_RETRIES), clock)), collectionsDb,
                    runtime, codec));
            GuardedNoticeChannel channel = NoticeChannels.fromSpec(settings.noticeChannel());
            // The channel's breaker shows on /metrics and the dashboard, and drives the breaker-open alert.
            TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(channel.breakerRegistry())
                    .bindTo(runtime.config().meterRegistry());
            runtime.register(Addresses.NOTIFICATIONS, exactlyOnce(new NotificationsWorker(
                    new NotificationsService(new JdbcNoticeStore(notificationsDb), channel)), notificationsDb,
                    runtime, codec));
            runtime.register(Addresses.DISTRIBUTIONS, exactlyOnce(
                    new DistributionsWorker(new DistributionsService(new JdbcDistributionsStore(distributionsDb))),
                    distributionsDb, runtime, codec));
            runtime.register(Addresses.FREEPLAY, exactlyOnce(
                    new FreePlayWorker(new FreePlayService(new JdbcBonusStore(freeplayDb)),
                            new JobExpiryScheduler(jobs.queue(PlatformQueues.BONUS_EXPIRY), clock)),
                    freeplayDb, runtime, codec));
            runtime.register(Addresses.ADJUSTMENTS, exactlyOnce(new AdjustmentsWorker(new AdjustmentsService(
                    new JdbcAdjustmentStore(adjustmentsDb), settings.adjustmentApprovalLimit())), adjustmentsDb,
                    runtime, codec));
            WorkflowsModule.install(runtime, dataDir, settings.workflowsDir(), opened, codec);

            runtime.subscribe(DomainEvent.class, Addresses.NOTIFICATIONS);
            runtime.subscribe(SettlementProcessed.class, Addresses.DISTRIBUTIONS);
            runtime.subscribe(SettlementProcessed.class, Addresses.FREEPLAY);
            return new EmbeddedDomains(List.copyOf(opened), ledger, jobs, runtime);
        } catch (RuntimeException e) {
            if (jobs != null) {
                jobs.close();
            }
            opened.forEach(SqliteDatabase::close);
            throw e;
        }
    }

    /**
     * {@code worker} with exactly-once effects on {@code db}, the database its store uses: the same wrapping for an
     * embedded (SQLite) or a cluster (PostgreSQL) database.
     */
    public static <T> Worker<T> exactlyOnce(Worker<T> worker, Database db, WorkerRuntime runtime, PayloadCodec codec) {
        return new InboxWorker<>(worker, db, runtime, codec);
    }

    private static SqliteDatabase open(List<SqliteDatabase> opened, Path file, String migrations) {
        SqliteDatabase db = SqliteDatabase.open(file, migrations);
        opened.add(db);
        return db;
    }

    /** Starts the job processors (retries, expiries, commission runs); call once the runtime runs. */
    public void startBackgroundJobs() {
        if (platformJobs == null) {
            platformJobs = PlatformJobs.start(jobs, runtime, clock);
        }
    }

    /** The durable job engine (queues, schedules) of this platform. */
    public Jobs jobs() {
        return jobs;
    }

    /**
     * The ledger store, for invariant checks in tests. Only safe to use after the runtime stopped,
     * because the balance worker's thread owns it while running.
     */
    public JdbcLedgerStore ledgerForChecks() {
        return ledger;
    }

    /** Stops the job processors; call before the runtime shuts down so no job sends into a closed runtime. */
    public void stopBackgroundJobs() {
        if (platformJobs != null) {
            platformJobs.close();
            platformJobs = null;
        }
    }

    /** Closes jobs and databases; call after the runtime has shut down. */
    @Override
    public void close() {
        stopBackgroundJobs();
        jobs.close();
        databases.forEach(SqliteDatabase::close);
    }
}

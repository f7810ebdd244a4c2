package dev.crystal.settlement.assembly;

import dev.crystal.cluster.WorkerPlacement;
import dev.crystal.jobs.Jobs;
import dev.crystal.jobs.JobsConfig;
import dev.crystal.jobs.sqlite.SqliteJobStore;
import dev.crystal.runtime.Address;
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
import dev.crystal.settlement.kernel.ViewChanges;
import dev.crystal.settlement.notifications.adapter.NoticeChannels;
import dev.crystal.settlement.notifications.adapter.JdbcNoticeStore;
import dev.crystal.settlement.notifications.application.NoticeChannel;
import dev.crystal.settlement.notifications.worker.NotificationsWorker;
import dev.crystal.settlement.workflows.WorkflowsModule;
import dev.crystal.jobs.spi.JobStore;
import dev.crystal.settlement.workflows.adapter.JdbcObservationStore;
import dev.crystal.store.Database;
import dev.crystal.store.inbox.InboxWorker;
import dev.crystal.store.trace.TraceKeys;
import dev.crystal.store.trace.TraceLog;
import dev.crystal.store.inbox.PayloadCodec;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import dev.crystal.store.SqlWork;
import dev.crystal.store.UnitOfWork;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Composition root of the domains: embedded, one SQLite file per domain under a data directory and
 * durable jobs in {@code jobs.db}; or, on a cluster node, PostgreSQL schemas, Redis jobs and only the
 * domains this node runs. Each local domain's worker is registered on the given runtime, every domain is
 * subscribed to the events it consumes, and the YAML workflows are loaded. Every domain worker is wrapped in an
 * {@link InboxWorker} on its own database (exactly-once effects: inbox, outbox, group commit per batch; see
 * docs/cluster.md). Thread ownership: built, started
 * and closed by the thread that starts/stops the platform.
 */
public final class EmbeddedDomains implements AutoCloseable {
    /** File of the durable job store under the data directory. */
    public static final String JOBS_FILE = "jobs.db";

    public static final String BALANCE = Addresses.BALANCE.name();
    public static final String COLLECTIONS = Addresses.COLLECTIONS.name();
    public static final String NOTIFICATIONS = Addresses.NOTIFICATIONS.name();
    public static final String DISTRIBUTIONS = Addresses.DISTRIBUTIONS.name();
    public static final String FREEPLAY = Addresses.FREEPLAY.name();
    public static final String ADJUSTMENTS = Addresses.ADJUSTMENTS.name();
    public static final String WORKFLOWS = Addresses.WORKFLOWS.name();
    /** Every domain, by the name of its address (and of its database file or schema), from {@link Addresses#ALL}. */
    public static final Set<String> ALL_DOMAINS = Collections.unmodifiableSet(new LinkedHashSet<>(
            Addresses.ALL.stream().map(Address::name).toList()));

    private final List<Database> databases;
    private final JdbcLedgerStore ledger;
    private final Jobs jobs;
    private final WorkerRuntime runtime;
    private final InstantSource clock;
    private PlatformJobs platformJobs;

    private EmbeddedDomains(List<Database> databases, JdbcLedgerStore ledger, Jobs jobs, WorkerRuntime runtime) {
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
        return install(runtime, dataDir, settings, ViewChanges.NONE);
    }

    /** As {@link #install(WorkerRuntime, Path, DomainSettings)}, announcing read-view changes to {@code views}. */
    public static EmbeddedDomains install(WorkerRuntime runtime, Path dataDir, DomainSettings settings,
                                          ViewChanges views) {
        return install(runtime, WorkerPlacement.local(runtime), DomainDatabases.sqlite(dataDir),
                () -> SqliteJobStore.open(dataDir.resolve(JOBS_FILE)), settings, ALL_DOMAINS, views);
    }

    /**
     * Opens the databases of the domains in {@code localDomains} and registers their workers on {@code runtime};
     * subscribes every domain (local or not) to the events it consumes, so that a node which forwards a domain to
     * another node (a worker registered at its address by the caller) still routes events to it.
     *
     * @param placement    where each local domain's worker goes (its address, or behind a cluster stream)
     * @param databases    where each domain keeps its state
     * @param jobStore     opens the durable job store (SQLite file, or Redis in a cluster)
     * @param localDomains names from {@link #ALL_DOMAINS} whose workers run here
     * @throws dev.crystal.settlement.workflows.WorkflowDefinitionException if a workflow file is invalid
     * @throws IllegalArgumentException if {@code localDomains} names an unknown domain
     */
    public static EmbeddedDomains install(WorkerRuntime runtime, WorkerPlacement placement, DomainDatabases databases,
                                          Supplier<JobStore> jobStore, DomainSettings settings,
                                          Set<String> localDomains) {
        return install(runtime, placement, databases, jobStore, settings, localDomains, ViewChanges.NONE);
    }

    /**
     * As {@link #install(WorkerRuntime, WorkerPlacement, DomainDatabases, Supplier, DomainSettings, Set)}, with the
     * local balance, distributions and free-play workers announcing every change of their read views to
     * {@code views} (a read cache's invalidation) before they answer.
     */
    public static EmbeddedDomains install(WorkerRuntime runtime, WorkerPlacement placement, DomainDatabases databases,
                                          Supplier<JobStore> jobStore, DomainSettings settings,
                                          Set<String> localDomains, ViewChanges views) {
        for (String domain : localDomains) {
            if (!ALL_DOMAINS.contains(domain)) {
                throw new IllegalArgumentException("unknown domain '" + domain + "' (known: " + ALL_DOMAINS + ")");
            }
        }
        List<Database> opened = new ArrayList<>();
        Jobs jobs = null;
        try {
            // Workflow files are checked before anything is opened, so a bad file leaves nothing behind.
            var workflows = localDomains.contains(WORKFLOWS) ? WorkflowsModule.load(settings.workflowsDir()) : null;
            var clock = runtime.config().clock();
            jobs = Jobs.open(jobStore.get(), JobsConfig.builder()
                    .clock(clock).meterRegistry(runtime.config().meterRegistry()).build());

            PayloadCodec codec = new ContractsPayloadCodec();
            JdbcLedgerStore ledger = null;
            if (localDomains.contains(BALANCE)) {
                Database ledgerDb = open(opened, databases, BALANCE, JdbcLedgerStore.MIGRATIONS,
                        JdbcLedgerStore.POSTGRES_MIGRATIONS);
                ledger = new JdbcLedgerStore(ledgerDb, clock);
                placement.place(Addresses.BALANCE, exactlyOnce(new BalanceWorker(new BalanceService(ledger), views),
                        ledgerDb, runtime, codec));
            }
            if (localDomains.contains(COLLECTIONS)) {
                Database db = open(opened, databases, COLLECTIONS, JdbcSettlementStore.MIGRATIONS,
                        JdbcSettlementStore.POSTGRES_MIGRATIONS);
                placement.place(Addresses.COLLECTIONS, exactlyOnce(new CollectionsWorker(
                        new CollectionsService(new JdbcSettlementStore(db), settings.settlementRetry()),
                        new JobRetryScheduler(jobs.queue(PlatformQueues.SETTLEMENT_RETRIES), clock)), db, runtime,
                        codec));
            }
            if (localDomains.contains(NOTIFICATIONS)) {
                // The worker guards the channel with the runtime's breaker, which shows on /metrics and the
                // dashboard and drives the breaker-open alert.
                NoticeChannel channel = NoticeChannels.fromSpec(settings.noticeChannel());
                Database db = open(opened, databases, NOTIFICATIONS, JdbcNoticeStore.MIGRATIONS,
                        JdbcNoticeStore.POSTGRES_MIGRATIONS);
                placement.place(Addresses.NOTIFICATIONS, exactlyOnce(new NotificationsWorker(
                        new JdbcNoticeStore(db), channel), db, runtime, codec));
            }
            if (localDomains.contains(DISTRIBUTIONS)) {
                Database db = open(opened, databases, DISTRIBUTIONS, JdbcDistributionsStore.MIGRATIONS,
                        JdbcDistributionsStore.POSTGRES_MIGRATIONS);
                placement.place(Addresses.DISTRIBUTIONS, exactlyOnce(
                        new DistributionsWorker(new DistributionsService(new JdbcDistributionsStore(db)), views), db, runtime,
                        codec));
            }
            if (localDomains.contains(FREEPLAY)) {
                Database db = open(opened, databases, FREEPLAY, JdbcBonusStore.MIGRATIONS,
                        JdbcBonusStore.POSTGRES_MIGRATIONS);
                placement.place(Addresses.FREEPLAY, exactlyOnce(
                        new FreePlayWorker(new FreePlayService(new JdbcBonusStore(db)),
                                new JobExpiryScheduler(jobs.queue(PlatformQueues.BONUS_EXPIRY), clock), views),
                        db, runtime, codec));
            }
            if (localDomains.contains(ADJUSTMENTS)) {
                Database db = open(opened, databases, ADJUSTMENTS, JdbcAdjustmentStore.MIGRATIONS,
                        JdbcAdjustmentStore.POSTGRES_MIGRATIONS);
                placement.place(Addresses.ADJUSTMENTS, exactlyOnce(new AdjustmentsWorker(new AdjustmentsService(
                        new JdbcAdjustmentStore(db), settings.adjustmentApprovalLimit())), db, runtime, codec));
            }
            if (workflows != null) {
                Database db = open(opened, databases, WORKFLOWS, JdbcObservationStore.MIGRATIONS,
                        JdbcObservationStore.POSTGRES_MIGRATIONS);
                placement.place(Addresses.WORKFLOWS, exactlyOnce(WorkflowsModule.worker(workflows, db), db, runtime,
                        codec));
            }

            runtime.subscribe(DomainEvent.class, Addresses.NOTIFICATIONS);
            runtime.subscribe(SettlementProcessed.class, Addresses.DISTRIBUTIONS);
            runtime.subscribe(SettlementProcessed.class, Addresses.FREEPLAY);
            runtime.subscribe(DomainEvent.class, Addresses.WORKFLOWS);
            return new EmbeddedDomains(List.copyOf(opened), ledger, jobs, runtime);
        } catch (RuntimeException e) {
            if (jobs != null) {
                jobs.close();
            }
            opened.forEach(Database::close);
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

    /** Opens a domain's database with its own migrations and the inbox/outbox tables every domain has. */
    private static Database open(List<Database> opened, DomainDatabases databases, String domain, String migrations,
                                 List<String> postgresMigrations) {
        Database db = new NamedDatabase(domain, databases.open(domain, withInbox(List.of(migrations)),
                withInbox(postgresMigrations)));
        opened.add(db);
        return db;
    }

    /**
     * The domain databases this platform opened, by domain name (for health checks: {@link Database#ping()} is
     * the only method safe to call from another thread than the domain's worker).
     */
    public Map<String, Database> databases() {
        Map<String, Database> named = new LinkedHashMap<>();
        for (Database db : databases) {
            if (db instanceof NamedDatabase n) {
                named.put(n.domain(), n.db());
            }
        }
        return named;
    }

    /** A domain's database with its domain's name; delegates everything. Owned like the database it wraps. */
    private record NamedDatabase(String domain, Database db) implements Database {
        @Override
        public <T> T inTransaction(SqlWork<T> work) {
            return db.inTransaction(work);
        }

        @Override
        public <T> T read(SqlWork<T> work) {
            return db.read(work);
        }

        @Override
        public UnitOfWork begin() {
            return db.begin();
        }

        @Override
        public void ping() {
            db.ping();
        }

        @Override
        public void close() {
            db.close();
        }
    }

    /** {@code migrations} and {@link InboxWorker#MIGRATIONS}: what a database written through an inbox needs. */
    public static List<String> withInbox(List<String> migrations) {
        List<String> all = new ArrayList<>(migrations);
        all.add(InboxWorker.MIGRATIONS);
        return List.copyOf(all);
    }

    /** Starts the job processors (retries, expiries, commission runs); call once the runtime runs. */
    public void startBackgroundJobs() {
        startBackgroundJobs(null);
    }

    /**
     * Starts the job processors (retries, expiries, commission runs), each attempt recorded in {@code trace} (may be
     * {@code null}); call once the runtime runs.
     */
    public void startBackgroundJobs(TraceLog trace) {
        if (platformJobs == null) {
            platformJobs = PlatformJobs.start(jobs, runtime, clock, trace);
        }
    }

    /**
     * How the trace log finds the business ids of the platform's messages: the settlement, bonus (transaction),
     * adjustment, redemption, distribution, hold, posting or notice id, and the customer or affiliate.
     */
    public static TraceKeys traceKeys() {
        return TraceKeys.recordComponents(List.of("settlementId", "transactionId", "adjustmentId", "redemptionId",
                "distributionId", "holdId", "postingId", "noticeId"), List.of("customerId", "recipientId", "affiliateId"));
    }

    /** The durable job engine (queues, schedules) of this platform. */
    public Jobs jobs() {
        return jobs;
    }

    /**
     * The ledger store, for invariant checks in tests ({@code null} when balance runs on another node). Only safe
     * to use after the runtime stopped, because the balance worker's thread owns it while running.
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
        databases.forEach(Database::close);
    }
}

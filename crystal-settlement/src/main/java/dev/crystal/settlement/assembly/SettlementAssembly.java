package dev.crystal.settlement.assembly;

import dev.crystal.cluster.FencedStore;
import dev.crystal.cluster.WorkerPlacement;
import dev.crystal.jobs.JobStores;
import dev.crystal.jobs.Jobs;
import dev.crystal.jobs.JobsConfig;
import dev.crystal.jobs.spi.JobStore;
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
import dev.crystal.settlement.contracts.DistributionsMessage;
import dev.crystal.settlement.contracts.DomainEvent;
import dev.crystal.settlement.contracts.DomainNames;
import dev.crystal.settlement.contracts.FreePlayMessage;
import dev.crystal.settlement.contracts.NotificationsMessage;
import dev.crystal.settlement.contracts.SettlementProcessed;
import dev.crystal.settlement.contracts.WorkflowMessage;
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
import dev.crystal.settlement.notifications.adapter.JdbcNoticeStore;
import dev.crystal.settlement.notifications.adapter.NoticeChannels;
import dev.crystal.settlement.notifications.worker.NotificationsWorker;
import dev.crystal.settlement.workflows.WorkflowsModule;
import dev.crystal.settlement.workflows.adapter.JdbcObservationStore;
import dev.crystal.settlement.workflows.domain.WorkflowSet;
import dev.crystal.store.Database;
import dev.crystal.store.SqlWork;
import dev.crystal.store.UnitOfWork;
import dev.crystal.store.inbox.InboxWorker;
import dev.crystal.store.inbox.PayloadCodec;
import dev.crystal.store.trace.TraceKeys;
import dev.crystal.store.trace.TraceLog;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Composition root of the settlement application's domains: embedded, one SQLite file per domain under a data
 * directory and durable jobs in {@code jobs.db}; or, on a cluster node, PostgreSQL schemas, Redis jobs and only the
 * domains this node runs. Each domain is described once (name, address, migrations, how its worker is built); for
 * every local one the assembly opens its database and places its worker, wrapped in an {@link InboxWorker} on that
 * database (exactly-once effects: inbox, outbox, group commit per batch; see docs/cluster.md). Every domain is
 * subscribed to the events it consumes, and the YAML workflows are loaded. Thread ownership: built, started and
 * closed by the thread that starts/stops the platform.
 */
public final class SettlementAssembly implements AutoCloseable {
    /** File of the durable job store under the data directory. */
    public static final String JOBS_FILE = "jobs.db";

    public static final String BALANCE = DomainNames.BALANCE;
    public static final String COLLECTIONS = DomainNames.COLLECTIONS;
    public static final String NOTIFICATIONS = DomainNames.NOTIFICATIONS;
    public static final String DISTRIBUTIONS = DomainNames.DISTRIBUTIONS;
    public static final String FREEPLAY = DomainNames.FREEPLAY;
    public static final String ADJUSTMENTS = DomainNames.ADJUSTMENTS;
    public static final String WORKFLOWS = DomainNames.WORKFLOWS;

    /**
     * Every domain, in the order its worker is placed: its name (of its address, database file or schema), its
     * address, its migrations (SQLite, PostgreSQL) and how its worker is built on its database.
     */
    private static final List<Domain<?>> DOMAINS = List.of(
            new Domain<>(BALANCE, Addresses.BALANCE, JdbcLedgerStore.MIGRATIONS, JdbcLedgerStore.POSTGRES_MIGRATIONS,
                    (db, needs) -> new BalanceWorker(new BalanceService(new JdbcLedgerStore(db, needs.clock())),
                            needs.views())),
            new Domain<>(COLLECTIONS, Addresses.COLLECTIONS, JdbcSettlementStore.MIGRATIONS,
                    JdbcSettlementStore.POSTGRES_MIGRATIONS,
                    (db, needs) -> new CollectionsWorker(new CollectionsService(new JdbcSettlementStore(db),
                            needs.settings().settlementRetry()), new JobRetryScheduler(
                            needs.jobs().queue(PlatformQueues.SETTLEMENT_RETRIES), needs.clock()))),
            new Domain<>(NOTIFICATIONS, Addresses.NOTIFICATIONS, JdbcNoticeStore.MIGRATIONS,
                    JdbcNoticeStore.POSTGRES_MIGRATIONS,
                    // The worker guards the channel with the runtime's breaker (on /metrics, the dashboard, alerts).
                    (db, needs) -> new NotificationsWorker(new JdbcNoticeStore(db),
                            NoticeChannels.fromSpec(needs.settings().noticeChannel()))),
            new Domain<>(DISTRIBUTIONS, Addresses.DISTRIBUTIONS, JdbcDistributionsStore.MIGRATIONS,
                    JdbcDistributionsStore.POSTGRES_MIGRATIONS,
                    (db, needs) -> new DistributionsWorker(new DistributionsService(new JdbcDistributionsStore(db)),
                            needs.views())),
            new Domain<>(FREEPLAY, Addresses.FREEPLAY, JdbcBonusStore.MIGRATIONS, JdbcBonusStore.POSTGRES_MIGRATIONS,
                    (db, needs) -> new FreePlayWorker(new FreePlayService(new JdbcBonusStore(db)),
                            new JobExpiryScheduler(needs.jobs().queue(PlatformQueues.BONUS_EXPIRY), needs.clock()),
                            needs.views())),
            new Domain<>(ADJUSTMENTS, Addresses.ADJUSTMENTS, JdbcAdjustmentStore.MIGRATIONS,
                    JdbcAdjustmentStore.POSTGRES_MIGRATIONS,
                    (db, needs) -> new AdjustmentsWorker(new AdjustmentsService(new JdbcAdjustmentStore(db),
                            needs.settings().adjustmentApprovalLimit()))),
            new Domain<>(WORKFLOWS, Addresses.WORKFLOWS, JdbcObservationStore.MIGRATIONS,
                    JdbcObservationStore.POSTGRES_MIGRATIONS,
                    (db, needs) -> WorkflowsModule.worker(needs.workflows(), db)));

    /**
     * The domains whose requests leave only after their own batch commit ({@link InboxWorker#holdingRequests()}):
     * a crash can then never leave a ledger posting (a bonus, a redemption, an adjustment, a commission payout)
     * whose own row was lost. Collections keeps its request overlapping the PENDING commit (one commit less on a
     * settlement's path) and finds such orphans at start instead ({@code CollectionsWorker}); balance asks nobody.
     */
    static final Set<String> REQUESTS_AFTER_COMMIT = Set.of(FREEPLAY, ADJUSTMENTS, DISTRIBUTIONS);

    /** Every domain, by the name of its address (and of its database file or schema). */
    public static final Set<String> ALL_DOMAINS = namesOf(DOMAINS);

    private static Set<String> namesOf(List<Domain<?>> domains) {
        Set<String> names = new LinkedHashSet<>();
        for (Domain<?> domain : domains) {
            names.add(domain.name());
        }
        return Collections.unmodifiableSet(names);
    }

    /** One domain as the assembly builds it. Immutable. */
    private record Domain<T>(String name, Address<T> address, String migrations, List<String> postgresMigrations,
                             WorkerFactory<T> worker) {
    }

    /** Builds a domain's worker on its database, from what the assembly provides. */
    @FunctionalInterface
    private interface WorkerFactory<T> {
        Worker<T> build(Database db, Needs needs);
    }

    /** What the domains' workers are built from: settings, the job engine, time, view changes, workflows. */
    private record Needs(DomainSettings settings, Jobs jobs, InstantSource clock, ViewChanges views,
                         WorkflowSet workflows, WorkerRuntime runtime) {
    }

    private final List<Database> databases;
    private final Jobs jobs;
    private final WorkerRuntime runtime;
    private final InstantSource clock;
    private PlatformJobs platformJobs;

    private SettlementAssembly(List<Database> databases, Jobs jobs, WorkerRuntime runtime) {
        this.databases = databases;
        this.jobs = jobs;
        this.runtime = runtime;
        this.clock = runtime.config().clock();
    }

    /** Opens (and migrates) the domain databases under {@code dataDir} and registers the workers on {@code runtime}. */
    public static SettlementAssembly install(WorkerRuntime runtime, Path dataDir) {
        return install(runtime, dataDir, DomainSettings.defaults());
    }

    /**
     * As {@link #install(WorkerRuntime, Path)} with explicit settings.
     *
     * @throws dev.crystal.settlement.workflows.WorkflowDefinitionException if a workflow file is invalid
     */
    public static SettlementAssembly install(WorkerRuntime runtime, Path dataDir, DomainSettings settings) {
        return install(runtime, dataDir, settings, ViewChanges.NONE);
    }

    /** As {@link #install(WorkerRuntime, Path, DomainSettings)}, announcing read-view changes to {@code views}. */
    public static SettlementAssembly install(WorkerRuntime runtime, Path dataDir, DomainSettings settings,
                                             ViewChanges views) {
        return install(runtime, WorkerPlacement.local(runtime), DomainDatabases.sqlite(dataDir),
                () -> JobStores.sqlite(dataDir.resolve(JOBS_FILE)), settings, ALL_DOMAINS, views);
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
    public static SettlementAssembly install(WorkerRuntime runtime, WorkerPlacement placement,
                                             DomainDatabases databases, Supplier<JobStore> jobStore,
                                             DomainSettings settings, Set<String> localDomains) {
        return install(runtime, placement, databases, jobStore, settings, localDomains, ViewChanges.NONE);
    }

    /**
     * As {@link #install(WorkerRuntime, WorkerPlacement, DomainDatabases, Supplier, DomainSettings, Set)}, with the
     * local balance, distributions and free-play workers announcing every change of their read views to
     * {@code views} (a read cache's invalidation) before they answer.
     */
    public static SettlementAssembly install(WorkerRuntime runtime, WorkerPlacement placement,
                                             DomainDatabases databases, Supplier<JobStore> jobStore,
                                             DomainSettings settings, Set<String> localDomains, ViewChanges views) {
        for (String domain : localDomains) {
            if (!ALL_DOMAINS.contains(domain)) {
                throw new IllegalArgumentException("unknown domain '" + domain + "' (known: " + ALL_DOMAINS + ")");
            }
        }
        List<Database> opened = new ArrayList<>();
        Jobs jobs = null;
        try {
            // Workflow files are checked before anything is opened, so a bad file leaves nothing behind.
            WorkflowSet workflows = localDomains.contains(WORKFLOWS)
                    ? WorkflowsModule.load(settings.workflowsDir()) : null;
            InstantSource clock = runtime.config().clock();
            jobs = Jobs.open(jobStore.get(), JobsConfig.builder()
                    .clock(clock).meterRegistry(runtime.config().meterRegistry()).build());
            Needs needs = new Needs(settings, jobs, clock, views, workflows, runtime);
            PayloadCodec codec = new ContractsPayloadCodec();
            for (Domain<?> domain : DOMAINS) {
                if (localDomains.contains(domain.name())) {
                    place(domain, placement, open(opened, databases, domain), needs, codec);
                }
            }

            // Events know none of their consumers: each consumer adapts them into one of its own messages.
            runtime.subscribe(DomainEvent.class, Addresses.NOTIFICATIONS, NotificationsMessage.EventReceived::new);
            runtime.subscribe(SettlementProcessed.class, Addresses.DISTRIBUTIONS,
                    DistributionsMessage.SettlementReceived::new);
            runtime.subscribe(SettlementProcessed.class, Addresses.FREEPLAY, FreePlayMessage.SettlementReceived::new);
            runtime.subscribe(DomainEvent.class, Addresses.WORKFLOWS, WorkflowMessage.EventReceived::new);
            return new SettlementAssembly(List.copyOf(opened), jobs, runtime);
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

    /** Registers {@code domain}'s worker, built on its database {@code db} and wrapped for exactly-once effects. */
    private static <T> void place(Domain<T> domain, WorkerPlacement placement, Database db, Needs needs,
                                  PayloadCodec codec) {
        InboxWorker<T> worker = new InboxWorker<>(domain.worker().build(db, needs), db, needs.runtime(), codec);
        placement.place(domain.address(), REQUESTS_AFTER_COMMIT.contains(domain.name()) ? worker.holdingRequests()
                : worker, fenced(db));
    }

    /** Opens a domain's database with its own migrations and the inbox/outbox tables every domain has. */
    private static Database open(List<Database> opened, DomainDatabases databases, Domain<?> domain) {
        Database db = new NamedDatabase(domain.name(), databases.open(domain.name(),
                withInbox(List.of(domain.migrations())), withInbox(domain.postgresMigrations())));
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
        public void fence(String writer, LongSupplier epoch) {
            db.fence(writer, epoch);
        }

        @Override
        public long storedEpoch(String writer) {
            return db.storedEpoch(writer);
        }

        @Override
        public void close() {
            db.close();
        }
    }

    /**
     * {@code db} as a store a cluster placement fences with the domain's lease epoch ({@link Database#fence}); a
     * placement in this JVM (SQLite) never calls it.
     */
    static FencedStore fenced(Database db) {
        return new FencedStore() {
            @Override
            public void fence(String writer, LongSupplier epoch) {
                db.fence(writer, epoch);
            }

            @Override
            public long storedEpoch(String writer) {
                return db.storedEpoch(writer);
            }

            @Override
            public void recordEpoch() {
                db.inTransaction(c -> null);
            }
        };
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
        Database ledger = databases().get(BALANCE);
        return ledger == null ? null : new JdbcLedgerStore(ledger, clock);
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

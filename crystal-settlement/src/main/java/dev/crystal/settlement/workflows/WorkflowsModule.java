package dev.crystal.settlement.workflows;

import dev.crystal.runtime.WorkerRuntime;
import dev.crystal.settlement.contracts.Addresses;
import dev.crystal.settlement.contracts.DomainEvent;
import dev.crystal.settlement.workflows.adapter.JdbcObservationStore;
import dev.crystal.settlement.workflows.adapter.WorkflowFiles;
import dev.crystal.settlement.workflows.application.WorkflowTracker;
import dev.crystal.settlement.workflows.domain.WorkflowDefinitionException;
import dev.crystal.settlement.workflows.domain.WorkflowSet;
import dev.crystal.settlement.workflows.worker.WorkflowsWorker;
import dev.crystal.store.Database;
import dev.crystal.store.SqliteDatabase;
import dev.crystal.store.inbox.InboxWorker;
import dev.crystal.store.inbox.PayloadCodec;
import java.nio.file.Path;
import java.util.List;

/**
 * Wires the workflow monitor into an embedded platform. Stateless; called once by the thread
 * that assembles the platform, before the runtime starts.
 */
public final class WorkflowsModule {
    /** The monitor's database file name under the data directory. */
    public static final String DATABASE_FILE = "workflows.db";

    private WorkflowsModule() {
    }

    /**
     * Loads and validates the shipped workflows plus those in {@code extraWorkflowsDir} (may be
     * {@code null}), opens {@code workflows.db} under {@code dataDir} (added to {@code opened} so
     * the caller closes it), registers the monitor at {@link Addresses#WORKFLOWS}, wrapped in an
     * {@link InboxWorker} on that database ({@code codec} writes outbox payloads), and subscribes it to every
     * {@link DomainEvent}.
     *
     * @return the loaded workflows
     * @throws WorkflowDefinitionException if a workflow file is invalid (nothing is opened then)
     */
    public static WorkflowSet install(WorkerRuntime runtime, Path dataDir, Path extraWorkflowsDir,
                                      List<SqliteDatabase> opened, PayloadCodec codec) {
        WorkflowSet workflows = WorkflowFiles.load(extraWorkflowsDir);
        SqliteDatabase db = SqliteDatabase.open(dataDir.resolve(DATABASE_FILE), JdbcObservationStore.MIGRATIONS);
        opened.add(db);
        runtime.register(Addresses.WORKFLOWS, new InboxWorker<>(worker(workflows, db), db, runtime, codec));
        runtime.subscribe(DomainEvent.class, Addresses.WORKFLOWS);
        return workflows;
    }

    /**
     * Loads and validates the shipped workflows plus those in {@code extraWorkflowsDir} (may be {@code null}).
     *
     * @throws WorkflowDefinitionException if a workflow file is invalid
     */
    public static WorkflowSet load(Path extraWorkflowsDir) {
        return WorkflowFiles.load(extraWorkflowsDir);
    }

    /** The monitor of {@code workflows}, observing into {@code db}; the caller registers and subscribes it. */
    public static WorkflowsWorker worker(WorkflowSet workflows, Database db) {
        return new WorkflowsWorker(new WorkflowTracker(workflows, new JdbcObservationStore(db)));
    }
}

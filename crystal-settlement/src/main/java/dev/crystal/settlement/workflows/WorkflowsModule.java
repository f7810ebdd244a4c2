package dev.crystal.settlement.workflows;

import dev.crystal.settlement.workflows.adapter.JdbcObservationStore;
import dev.crystal.settlement.workflows.adapter.WorkflowFiles;
import dev.crystal.settlement.workflows.application.WorkflowTracker;
import dev.crystal.settlement.workflows.domain.WorkflowDefinitionException;
import dev.crystal.settlement.workflows.domain.WorkflowSet;
import dev.crystal.settlement.workflows.worker.WorkflowsWorker;
import dev.crystal.store.Database;
import java.nio.file.Path;

/**
 * Builds the workflow monitor for the composition root ({@code SettlementAssembly}), which opens its database,
 * registers it at {@code Addresses.WORKFLOWS} and subscribes it to every {@code DomainEvent}. Stateless; called
 * by the thread that assembles the platform, before the runtime starts.
 */
public final class WorkflowsModule {

    private WorkflowsModule() {
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

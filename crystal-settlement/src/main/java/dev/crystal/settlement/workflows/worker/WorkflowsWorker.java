package dev.crystal.settlement.workflows.worker;

import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.Worker;
import dev.crystal.runtime.WorkerContext;
import dev.crystal.settlement.contracts.DomainEvent;
import dev.crystal.settlement.contracts.WorkflowMessage;
import dev.crystal.settlement.workflows.application.WorkflowTracker;

/**
 * Runs the workflow monitor: records every domain event that some workflow waits for (by message
 * id, so a redelivery changes nothing; one commit per drained batch) and answers progress and
 * definition queries. The tracker
 * and its store are owned by this worker's thread.
 */
public final class WorkflowsWorker implements Worker<WorkflowMessage> {
    private final WorkflowTracker tracker;

    /** A worker answering from, and recording into, {@code tracker}. */
    public WorkflowsWorker(WorkflowTracker tracker) {
        this.tracker = tracker;
    }

    @Override
    public void onMessage(Envelope<WorkflowMessage> envelope, WorkerContext context) {
        switch (envelope.payload()) {
            case WorkflowMessage.EventReceived(DomainEvent event) -> tracker.observe(event, context.correlationId(), envelope.messageId(),
                    envelope.timestamp());
            case WorkflowMessage.GetProgress query -> context.reply(query, tracker.progress(query.correlationId()));
            case WorkflowMessage.ListDefinitions query -> context.reply(query, tracker.definitions());
        }
    }

    /** Group commit: the events of one drained batch are stored in one transaction. */
    @Override
    public void onBatchEnd(int count, WorkerContext context) {
        tracker.flush();
    }

    @Override
    public void onStop(WorkerContext context) {
        tracker.flush();
    }
}

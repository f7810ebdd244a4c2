package dev.crystal.settlement.workflows.application;

import dev.crystal.settlement.catalogue.MessageCatalogue;
import dev.crystal.settlement.catalogue.MessageType;
import dev.crystal.settlement.contracts.DomainEvent;
import dev.crystal.settlement.contracts.WorkflowMessage;
import dev.crystal.settlement.workflows.domain.Observation;
import dev.crystal.settlement.workflows.domain.WorkflowDefinition;
import dev.crystal.settlement.workflows.domain.WorkflowProgress;
import dev.crystal.settlement.workflows.domain.WorkflowSet;
import dev.crystal.settlement.workflows.domain.WorkflowStep;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The choreography monitor: records which workflow messages were seen under which correlation id
 * and answers progress and definition queries. Owned by the workflows worker's thread.
 */
public final class WorkflowTracker {
    private final WorkflowSet workflows;
    private final ObservationStore store;
    private final Set<String> tracked;
    /** Observations of the batch being handled, written in one commit by {@link #flush()}. */
    private final List<Observation> pending = new ArrayList<>();

    /** Tracks {@code workflows}, keeping observations in {@code store}. */
    public WorkflowTracker(WorkflowSet workflows, ObservationStore store) {
        this.workflows = workflows;
        this.store = store;
        this.tracked = workflows.trackedMessageTypes();
    }

    /**
     * Notes {@code event} if some workflow step waits for its type; it is stored at the next
     * {@link #flush()} (the end of the worker's batch), so a burst of events costs one commit.
     *
     * @return {@code true} if the event is tracked; {@code false} for untracked types
     */
    public boolean observe(DomainEvent event, String correlationId, String messageId, Instant publishedAt) {
        MessageType type = MessageCatalogue.typeOf(event);
        if (!tracked.contains(type.name())) {
            return false;
        }
        pending.add(new Observation(correlationId, type.name(), type.domain(), messageId, publishedAt));
        return true;
    }

    /** Stores the noted observations in one transaction; repeats (same message id) change nothing. */
    public int flush() {
        if (pending.isEmpty()) {
            return 0;
        }
        int stored = store.recordAll(List.copyOf(pending));
        pending.clear();
        return stored;
    }

    /** Every workflow instance started under {@code correlationId} (none if nothing started). */
    public WorkflowMessage.Progress progress(String correlationId) {
        flush();
        return WorkflowProgress.derive(workflows, correlationId, store.forCorrelation(correlationId));
    }

    /** The loaded definitions, steps with their resolved ids and predecessors. */
    public WorkflowMessage.Definitions definitions() {
        return new WorkflowMessage.Definitions(workflows.workflows().stream().map(WorkflowTracker::toMessage).toList());
    }

    private static WorkflowMessage.Definition toMessage(WorkflowDefinition workflow) {
        return new WorkflowMessage.Definition(workflow.name(), workflow.description(), workflow.source(),
                workflow.steps().stream().map(WorkflowTracker::toMessage).toList());
    }

    private static WorkflowMessage.StepDefinition toMessage(WorkflowStep step) {
        return new WorkflowMessage.StepDefinition(step.id(), step.domain(), step.action(), step.messageType(),
                step.after());
    }
}

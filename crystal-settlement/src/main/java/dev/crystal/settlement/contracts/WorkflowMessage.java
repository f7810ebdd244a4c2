package dev.crystal.settlement.contracts;

import dev.crystal.runtime.Request;
import java.time.Instant;
import java.util.List;

/** Messages the workflow tracker accepts: every domain event (as {@link EventReceived}), and progress queries. */
public sealed interface WorkflowMessage permits WorkflowMessage.EventReceived, WorkflowMessage.GetProgress,
        WorkflowMessage.ListDefinitions {

    /** A published event, as the tracker's subscription to every {@link DomainEvent} adapts it. */
    record EventReceived(DomainEvent event) implements WorkflowMessage, Received<DomainEvent> {
    }

    /** The progress of every workflow instance started under one correlation id. */
    record GetProgress(String correlationId) implements WorkflowMessage, Request<Progress> {
    }

    /** The loaded workflow definitions. */
    record ListDefinitions() implements WorkflowMessage, Request<Definitions> {
    }

    record Progress(String correlationId, List<Instance> instances) {
    }

    /**
     * One workflow instance.
     *
     * @param status {@code completed} when every step has happened, else {@code in_progress}
     */
    record Instance(String workflow, String status, Instant startedAt, List<StepProgress> steps) {
    }

    /** @param status {@code done} or {@code pending} */
    record StepProgress(String id, String domain, String action, String message, String status, Instant at) {
    }

    record Definitions(List<Definition> workflows) {
    }

    record Definition(String name, String description, String source, List<StepDefinition> steps) {
    }

    record StepDefinition(String id, String domain, String action, String message, List<String> after) {
    }
}

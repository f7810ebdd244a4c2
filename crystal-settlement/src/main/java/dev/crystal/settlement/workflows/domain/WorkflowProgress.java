package dev.crystal.settlement.workflows.domain;

import dev.crystal.settlement.contracts.WorkflowMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Derives the progress of one correlation from the set of its observations. The result depends
 * only on the set (not on arrival order or duplicates): a workflow has an instance when its first
 * step's message was observed; a step is {@code done} at the earliest observation of its message
 * from its domain, else {@code pending}; an instance is {@code completed} when every step is done.
 * Stateless.
 */
public final class WorkflowProgress {
    public static final String DONE = "done";
    public static final String PENDING = "pending";
    public static final String COMPLETED = "completed";
    public static final String IN_PROGRESS = "in_progress";

    private WorkflowProgress() {
    }

    /** The instances of {@code workflows} under {@code correlationId}, in workflow order. */
    public static WorkflowMessage.Progress derive(WorkflowSet workflows, String correlationId,
                                                  Collection<Observation> observations) {
        Map<String, Instant> firstSeen = new HashMap<>();
        for (Observation o : observations) {
            if (o.correlationId().equals(correlationId)) {
                firstSeen.merge(key(o.domain(), o.messageType()), o.observedAt(),
                        (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        List<WorkflowMessage.Instance> instances = new ArrayList<>();
        for (WorkflowDefinition workflow : workflows.workflows()) {
            WorkflowStep first = workflow.firstStep();
            Instant startedAt = firstSeen.get(key(first.domain(), first.messageType()));
            if (startedAt == null) {
                continue;
            }
            List<WorkflowMessage.StepProgress> steps = new ArrayList<>();
            boolean allDone = true;
            for (WorkflowStep step : workflow.steps()) {
                Instant at = firstSeen.get(key(step.domain(), step.messageType()));
                allDone &= at != null;
                steps.add(new WorkflowMessage.StepProgress(step.id(), step.domain(), step.action(),
                        step.messageType(), at != null ? DONE : PENDING, at));
            }
            instances.add(new WorkflowMessage.Instance(workflow.name(), allDone ? COMPLETED : IN_PROGRESS, startedAt,
                    steps));
        }
        return new WorkflowMessage.Progress(correlationId, instances);
    }

    private static String key(String domain, String messageType) {
        return domain + "/" + messageType;
    }
}

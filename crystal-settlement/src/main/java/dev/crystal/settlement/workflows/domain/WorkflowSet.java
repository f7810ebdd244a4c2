package dev.crystal.settlement.workflows.domain;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every loaded workflow, names unique across files. Immutable.
 *
 * @param workflows in load order
 */
public record WorkflowSet(List<WorkflowDefinition> workflows) {

    public WorkflowSet {
        workflows = List.copyOf(workflows);
        Map<String, WorkflowDefinition> byName = new HashMap<>();
        for (WorkflowDefinition workflow : workflows) {
            WorkflowDefinition first = byName.putIfAbsent(workflow.name(), workflow);
            if (first != null) {
                throw new WorkflowDefinitionException(workflow.source(), workflow.line(), "duplicate workflow name '"
                        + workflow.name() + "' (already defined in " + first.source() + ":" + first.line() + ")");
            }
        }
    }

    /** The workflow called {@code name}. */
    public Optional<WorkflowDefinition> byName(String name) {
        return workflows.stream().filter(w -> w.name().equals(name)).findFirst();
    }

    /** The message types some step waits for: only these are worth recording. */
    public Set<String> trackedMessageTypes() {
        Set<String> types = new LinkedHashSet<>();
        workflows.forEach(w -> w.steps().forEach(s -> types.add(s.messageType())));
        return types;
    }
}

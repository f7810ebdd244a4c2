package dev.crystal.settlement.workflows.domain;

import java.util.List;
import java.util.Objects;

/**
 * A validated workflow: named steps across domains, acyclic, the first step starting it.
 * Immutable.
 *
 * @param name        unique across all loaded files
 * @param description free text, or {@code null}
 * @param source      the file it came from
 * @param line        line of its {@code workflow:} key
 * @param steps       in file order; the first starts an instance
 */
public record WorkflowDefinition(String name, String description, String source, int line,
                                 List<WorkflowStep> steps) {

    public WorkflowDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a workflow has at least one step");
        }
    }

    /** The step whose message starts an instance of this workflow. */
    public WorkflowStep firstStep() {
        return steps.getFirst();
    }
}

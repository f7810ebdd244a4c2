package dev.crystal.settlement.workflows.domain;

import java.util.List;
import java.util.Objects;

/**
 * A workflow file as written, before validation: its well-formed structure only. Immutable.
 *
 * @param source      where it was read from, e.g. {@code classpath:workflows/bonus-flow.yaml}
 * @param name        the {@code workflow:} name
 * @param description the optional description, or {@code null}
 * @param steps       the steps in file order
 */
public record WorkflowSpec(String source, Located<String> name, Located<String> description, List<StepSpec> steps) {

    public WorkflowSpec {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(name, "name");
        steps = List.copyOf(steps);
    }
}

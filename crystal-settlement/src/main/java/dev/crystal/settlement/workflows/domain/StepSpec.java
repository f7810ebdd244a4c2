package dev.crystal.settlement.workflows.domain;

import java.util.List;
import java.util.Objects;

/**
 * One step exactly as written in a workflow file, before validation. Immutable.
 *
 * @param line    line of the step's first key
 * @param id      explicit id, or {@code null} (defaults to the action)
 * @param domain  the domain doing the step
 * @param action  the domain's action
 * @param message the message type that shows the step happened (catalogue or file-style name)
 * @param after   the steps it follows, or {@code null} (defaults to the previous step)
 */
public record StepSpec(int line, Located<String> id, Located<String> domain, Located<String> action,
                       Located<String> message, Located<List<String>> after) {

    public StepSpec {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(message, "message");
    }
}

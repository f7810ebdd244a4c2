package dev.crystal.settlement.workflows.domain;

import java.util.List;
import java.util.Objects;

/**
 * A validated step: the domain's action and the catalogue message type that shows it happened.
 * Immutable.
 *
 * @param id          unique within its workflow
 * @param domain      a catalogue domain
 * @param action      one of that domain's actions
 * @param messageType SCREAMING_SNAKE catalogue name, emitted by that action
 * @param after       ids of the steps it follows (empty for the first step)
 */
public record WorkflowStep(String id, String domain, String action, String messageType, List<String> after) {

    public WorkflowStep {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(messageType, "messageType");
        after = List.copyOf(after);
    }
}

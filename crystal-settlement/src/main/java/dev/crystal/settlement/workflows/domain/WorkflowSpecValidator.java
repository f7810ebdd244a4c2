package dev.crystal.settlement.workflows.domain;

import dev.crystal.settlement.catalogue.DomainAction;
import dev.crystal.settlement.catalogue.MessageCatalogue;
import dev.crystal.settlement.catalogue.MessageType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns a {@link WorkflowSpec} into a {@link WorkflowDefinition} or refuses it with the file, line
 * and problem: unknown domain, action or message type, a message the action does not emit,
 * duplicate step ids, {@code after} naming an unknown step, cycles, a first step that waits for
 * others. Stateless.
 */
public final class WorkflowSpecValidator {
    private WorkflowSpecValidator() {
    }

    /**
     * Validates {@code spec}.
     *
     * @throws WorkflowDefinitionException naming the file, the line and the first problem found
     */
    public static WorkflowDefinition validate(WorkflowSpec spec) {
        String source = spec.source();
        Map<String, StepSpec> byId = new LinkedHashMap<>();
        Map<String, Integer> idLines = new HashMap<>();
        List<WorkflowStep> steps = new ArrayList<>();
        String previousId = null;
        for (StepSpec step : spec.steps()) {
            MessageType type = checkStep(source, step);
            Located<String> id = step.id() != null ? step.id() : step.action();
            Integer firstUse = idLines.putIfAbsent(id.value(), id.line());
            if (firstUse != null) {
                throw new WorkflowDefinitionException(source, id.line(), "duplicate step id '" + id.value()
                        + "' (first used at line " + firstUse + ")"
                        + (step.id() == null ? "; give the step an explicit 'id'" : ""));
            }
            byId.put(id.value(), step);
            List<String> after = step.after() != null ? step.after().value()
                    : previousId == null ? List.of() : List.of(previousId);
            steps.add(new WorkflowStep(id.value(), step.domain().value(), step.action().value(), type.name(), after));
            previousId = id.value();
        }
        checkAfterReferences(source, spec.steps(), steps, byId.keySet());
        checkAcyclic(source, steps, idLines);
        WorkflowStep first = steps.getFirst();
        if (!first.after().isEmpty()) {
            throw new WorkflowDefinitionException(source, spec.steps().getFirst().after().line(), "the first step '"
                    + first.id() + "' starts the workflow and cannot run after " + first.after());
        }
        return new WorkflowDefinition(spec.name().value(),
                spec.description() == null ? null : spec.description().value(), source, spec.name().line(), steps);
    }

    private static MessageType checkStep(String source, StepSpec step) {
        String domain = step.domain().value();
        if (!MessageCatalogue.domains().contains(domain)) {
            throw new WorkflowDefinitionException(source, step.domain().line(), "unknown domain '" + domain
                    + "' (known domains: " + String.join(", ", MessageCatalogue.domains()) + ")");
        }
        String actionName = step.action().value();
        DomainAction action = MessageCatalogue.action(domain, actionName).orElseThrow(() ->
                new WorkflowDefinitionException(source, step.action().line(), "unknown action '" + actionName
                        + "' for domain '" + domain + "' (its actions: " + MessageCatalogue.actionsOf(domain).stream()
                        .map(DomainAction::name).collect(Collectors.joining(", ")) + ")"));
        String message = step.message().value();
        MessageType type = MessageCatalogue.byName(message).orElseThrow(() ->
                new WorkflowDefinitionException(source, step.message().line(), "unknown message type '" + message
                        + "' (known types: " + MessageCatalogue.types().stream().map(MessageType::name)
                        .collect(Collectors.joining(", ")) + ")"));
        if (!action.emits(type.name())) {
            throw new WorkflowDefinitionException(source, step.message().line(), domain + "/" + actionName
                    + " does not emit " + type.name() + " (it emits: " + String.join(", ", action.emits()) + ")");
        }
        return type;
    }

    private static void checkAfterReferences(String source, List<StepSpec> specs, List<WorkflowStep> steps,
                                             Set<String> ids) {
        for (int i = 0; i < steps.size(); i++) {
            for (String predecessor : steps.get(i).after()) {
                if (!ids.contains(predecessor)) {
                    int line = specs.get(i).after() != null ? specs.get(i).after().line() : specs.get(i).line();
                    throw new WorkflowDefinitionException(source, line, "step '" + steps.get(i).id()
                            + "' runs after unknown step '" + predecessor + "' (steps: " + String.join(", ", ids) + ")");
                }
            }
        }
    }

    /** Depth-first search over "runs after" edges; a back edge closes a cycle, reported in order. */
    private static void checkAcyclic(String source, List<WorkflowStep> steps, Map<String, Integer> idLines) {
        Map<String, WorkflowStep> byId = steps.stream()
                .collect(Collectors.toMap(WorkflowStep::id, s -> s, (a, b) -> a, LinkedHashMap::new));
        Set<String> finished = new HashSet<>();
        for (WorkflowStep step : steps) {
            List<String> path = new ArrayList<>();
            List<String> cycle = findCycle(step.id(), byId, path, finished);
            if (cycle != null) {
                throw new WorkflowDefinitionException(source, idLines.get(cycle.getFirst()),
                        "cycle between steps: " + String.join(" -> ", cycle));
            }
        }
    }

    private static List<String> findCycle(String id, Map<String, WorkflowStep> byId, List<String> path,
                                          Set<String> finished) {
        if (finished.contains(id)) {
            return null;
        }
        int seen = path.indexOf(id);
        if (seen >= 0) {
            List<String> cycle = new ArrayList<>(path.subList(seen, path.size()));
            cycle.add(id);
            return cycle.reversed();
        }
        path.add(id);
        for (String predecessor : byId.get(id).after()) {
            List<String> cycle = findCycle(predecessor, byId, path, finished);
            if (cycle != null) {
                return cycle;
            }
        }
        path.removeLast();
        finished.add(id);
        return null;
    }
}

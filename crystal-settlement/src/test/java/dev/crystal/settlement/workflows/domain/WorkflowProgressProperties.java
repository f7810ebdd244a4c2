package dev.crystal.settlement.workflows.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crystal.settlement.workflows.adapter.WorkflowFiles;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Progress is a function of the set of observations: arrival order and repeats do not matter. */
class WorkflowProgressProperties {
    static final WorkflowSet WORKFLOWS = new WorkflowSet(WorkflowFiles.shipped());
    static final List<Observation> ALL = List.of(
            new Observation("c", "SETTLEMENT_PROCESSED", "collections", "m1", Instant.parse("2025-01-26T15:30:01Z")),
            new Observation("c", "BALANCE_UPDATED", "balance", "m2", Instant.parse("2025-01-26T15:30:00Z")),
            new Observation("c", "COMMISSION_CALCULATED", "distributions", "m3", Instant.parse("2025-01-26T15:31:00Z")),
            new Observation("c", "BONUS_ISSUED", "freeplay", "m4", Instant.parse("2025-01-26T15:32:00Z")),
            new Observation("c", "NOTICE_SENT", "notifications", "m5", Instant.parse("2025-01-26T15:33:00Z")),
            new Observation("c", "BALANCE_UPDATED", "balance", "m6", Instant.parse("2025-01-26T15:34:00Z")),
            new Observation("other", "BONUS_REDEEMED", "freeplay", "m7", Instant.parse("2025-01-26T15:35:00Z")));

    @Provide
    Arbitrary<List<Observation>> deliveries() {
        return Arbitraries.of(ALL).list().ofMinSize(0).ofMaxSize(20);
    }

    @Property
    void orderAndDuplicatesDoNotMatter(@ForAll("deliveries") List<Observation> delivered) {
        List<Observation> distinctSorted = new ArrayList<>(delivered.stream().distinct().toList());
        distinctSorted.sort(Comparator.comparing(Observation::messageId));
        assertThat(WorkflowProgress.derive(WORKFLOWS, "c", delivered))
                .isEqualTo(WorkflowProgress.derive(WORKFLOWS, "c", distinctSorted));
    }

    @Property
    void anInstanceExistsExactlyWhenItsFirstStepWasSeen(@ForAll("deliveries") List<Observation> delivered) {
        var progress = WorkflowProgress.derive(WORKFLOWS, "c", delivered);
        for (WorkflowDefinition workflow : WORKFLOWS.workflows()) {
            boolean started = delivered.stream().anyMatch(o -> o.correlationId().equals("c")
                    && o.messageType().equals(workflow.firstStep().messageType()));
            assertThat(progress.instances().stream().anyMatch(i -> i.workflow().equals(workflow.name())))
                    .isEqualTo(started);
        }
        progress.instances().forEach(i -> assertThat(i.status()).isEqualTo(
                i.steps().stream().allMatch(s -> s.status().equals("done")) ? "completed" : "in_progress"));
    }

    @Property
    void aStepIsDoneAtItsEarliestObservation(@ForAll("deliveries") List<Observation> delivered) {
        var progress = WorkflowProgress.derive(WORKFLOWS, "c", delivered);
        progress.instances().forEach(i -> i.steps().stream().filter(s -> s.status().equals("done")).forEach(s ->
                assertThat(s.at()).isEqualTo(delivered.stream()
                        .filter(o -> o.correlationId().equals("c") && o.messageType().equals(s.message()))
                        .map(Observation::observedAt).min(Instant::compareTo).orElseThrow())));
    }
}

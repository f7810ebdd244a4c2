package dev.crystal.settlement.workflows.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crystal.settlement.workflows.domain.WorkflowDefinition;
import dev.crystal.settlement.workflows.domain.WorkflowSet;
import dev.crystal.settlement.workflows.domain.WorkflowStep;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ShippedWorkflowsTest {

    @Test
    void shippedWorkflowsLoad() {
        WorkflowSet set = WorkflowFiles.load(null);
        assertThat(set.workflows()).extracting(WorkflowDefinition::name)
                .containsExactly("SETTLEMENT_TO_DISTRIBUTION", "BONUS_FLOW", "BONUS_REDEMPTION");
        assertThat(set.trackedMessageTypes()).containsExactlyInAnyOrder("SETTLEMENT_PROCESSED", "BALANCE_UPDATED",
                "COMMISSION_CALCULATED", "BONUS_ISSUED", "BONUS_REDEEMED", "NOTICE_SENT");
    }

    @Test
    void theSeedsWorkflowReadsAsWritten() {
        WorkflowDefinition seed = WorkflowFiles.load(null).byName("SETTLEMENT_TO_DISTRIBUTION").orElseThrow();
        assertThat(seed.source()).isEqualTo("classpath:workflows/settlement-to-distribution.yaml");
        assertThat(seed.steps()).containsExactly(
                new WorkflowStep("process_settlement", "collections", "process_settlement", "SETTLEMENT_PROCESSED",
                        List.of()),
                new WorkflowStep("update_balance", "balance", "update_balance", "BALANCE_UPDATED",
                        List.of("process_settlement")),
                new WorkflowStep("calculate_commission", "distributions", "calculate_commission",
                        "COMMISSION_CALCULATED", List.of("update_balance")));
    }

    @Test
    void everyShippedFileIsListed() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/workflows"))) {
            assertThat(files.map(f -> f.getFileName().toString()).toList())
                    .containsExactlyInAnyOrderElementsOf(WorkflowFiles.SHIPPED);
        }
    }
}

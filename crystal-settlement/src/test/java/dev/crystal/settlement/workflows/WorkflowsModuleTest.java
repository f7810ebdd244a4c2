package dev.crystal.settlement.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crystal.runtime.Reply;
import dev.crystal.runtime.RuntimeConfig;
import dev.crystal.runtime.WorkerRuntime;
import dev.crystal.settlement.assembly.DomainSettings;
import dev.crystal.settlement.assembly.SettlementAssembly;
import dev.crystal.settlement.contracts.Addresses;
import dev.crystal.settlement.contracts.AdjustmentPosted;
import dev.crystal.settlement.contracts.SecurityAlert;
import dev.crystal.settlement.contracts.WorkflowMessage;
import dev.crystal.settlement.kernel.Money;
import dev.crystal.settlement.workflows.domain.WorkflowDefinitionException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up with an extra workflows directory: good files are tracked, a bad file stops the platform. */
class WorkflowsModuleTest {
    @TempDir
    Path dataDir;
    @TempDir
    Path workflowsDir;

    @Test
    void invalidExtraFileStopsStartUpNamingFileAndLine() throws IOException {
        Files.writeString(workflowsDir.resolve("refunds.yaml"), """
                workflow: REFUND
                steps:
                  - domain: adjustments
                    action: post_adjustment
                    message: ADJUSTMENT_POSTED
                  - domain: notifications
                    action: notify
                    message: NOTICE_SENT
                    after: [post_adjustmnet]
                """);
        try (WorkerRuntime runtime = WorkerRuntime.create(RuntimeConfig.defaults("bad"))) {
            assertThatThrownBy(() -> SettlementAssembly.install(runtime, dataDir,
                    DomainSettings.defaults().withWorkflowsDir(workflowsDir)))
                    .isInstanceOf(WorkflowDefinitionException.class)
                    .hasMessage(workflowsDir.resolve("refunds.yaml") + ":9: step 'notify' runs after unknown step "
                            + "'post_adjustmnet' (steps: post_adjustment, notify)");
        }
    }

    @Test
    void extraWorkflowsAreTracked() throws IOException {
        Files.writeString(workflowsDir.resolve("refunds.yaml"), """
                workflow: REFUND
                description: a manual credit, watched by security
                steps:
                  - domain: adjustments
                    action: post_adjustment
                    message: adjustment-posted.yaml
                  - id: alert
                    domain: adjustments
                    action: raise_security_alert
                    message: SECURITY_ALERT
                """);
        WorkerRuntime runtime = WorkerRuntime.create(RuntimeConfig.defaults("extra"));
        SettlementAssembly domains = SettlementAssembly.install(runtime, dataDir,
                DomainSettings.defaults().withWorkflowsDir(workflowsDir));
        try {
            runtime.start();
            Instant at = Instant.parse("2025-01-27T10:15:00Z");
            runtime.publish(new SecurityAlert("AL_1", "CUST_001", "LARGE_CREDIT", "check", at), "corr_refund");
            runtime.publish(new AdjustmentPosted("ADJ_001", "CUST_001", "credit", Money.of("1500.00"), "refund",
                    "smith", "jones", at, Money.of("1766.67")), "corr_refund");
            var reply = runtime.request(Addresses.WORKFLOWS, new WorkflowMessage.GetProgress("corr_refund"), null,
                    Duration.ofSeconds(5)).join();
            var instance = ((Reply.Success<WorkflowMessage.Progress>) reply).value().instances().getFirst();
            assertThat(instance.workflow()).isEqualTo("REFUND");
            assertThat(instance.status()).isEqualTo("completed");
        } finally {
            runtime.shutdown();
            domains.close();
        }
    }
}

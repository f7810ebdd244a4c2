package dev.crystal.settlement.workflows.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crystal.settlement.workflows.domain.WorkflowDefinition;
import dev.crystal.settlement.workflows.domain.WorkflowDefinitionException;
import dev.crystal.settlement.workflows.domain.WorkflowStep;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way a workflow file can be wrong stops loading with the file, the line and the problem. */
class WorkflowValidationTest {
    static final String FILE = "flows/test.yaml";

    @TempDir
    Path dir;

    private static AbstractThrowableAssert<?, ? extends Throwable> rejected(String yaml, int line, String problem) {
        return assertThatThrownBy(() -> WorkflowFiles.parse(FILE, yaml))
                .isInstanceOf(WorkflowDefinitionException.class)
                .hasMessageStartingWith(FILE + ":" + line + ": ")
                .hasMessageContaining(problem)
                .satisfies(e -> assertThat(((WorkflowDefinitionException) e).line()).isEqualTo(line));
    }

    @Test
    void defaultsIdsToActionsAndAfterToThePreviousStep() {
        WorkflowDefinition workflow = WorkflowFiles.parse(FILE, """
                workflow: PAYOUT_NOTICE
                description: a payout, then a notice
                steps:
                  - domain: collections
                    action: process_settlement
                    message: SETTLEMENT_PROCESSED
                  - id: told
                    domain: notifications
                    action: notify
                    message: notice-sent.yaml
                  - domain: balance
                    action: update_balance
                    message: BALANCE_UPDATED
                    after: [process_settlement]
                """);
        assertThat(workflow.name()).isEqualTo("PAYOUT_NOTICE");
        assertThat(workflow.description()).isEqualTo("a payout, then a notice");
        assertThat(workflow.line()).isEqualTo(1);
        assertThat(workflow.steps()).containsExactly(
                new WorkflowStep("process_settlement", "collections", "process_settlement", "SETTLEMENT_PROCESSED",
                        List.of()),
                new WorkflowStep("told", "notifications", "notify", "NOTICE_SENT",
                        List.of("process_settlement")),
                new WorkflowStep("update_balance", "balance", "update_balance", "BALANCE_UPDATED",
                        List.of("process_settlement")));
    }

    @Test
    void yamlSyntaxError() {
        rejected("""
                workflow: BROKEN
                steps:
                  - domain: collections
                    action: [process_settlement
                """, 5, "YAML syntax error");
        rejected("""
                workflow: BADLY_INDENTED
                steps:
                  - domain: balance
                  action: update_balance
                """, 4, "YAML syntax error: while parsing a block collection, expected <block end>, but found '?' "
                + "(line 4: \"action: update_balance\")");
    }

    @Test
    void missingWorkflowName() {
        rejected("""
                steps:
                  - domain: balance
                    action: update_balance
                    message: BALANCE_UPDATED
                """, 1, "missing 'workflow'");
    }

    @Test
    void missingSteps() {
        rejected("workflow: NO_STEPS\ndescription: nothing\n", 1, "missing 'steps'");
        rejected("workflow: NO_STEPS\nsteps: []\n", 2, "'steps' must be a non-empty list");
    }

    @Test
    void emptyFile() {
        rejected("# nothing here\n", 1, "empty file");
    }

    @Test
    void unknownDomain() {
        rejected("""
                workflow: CASINO
                steps:
                  - domain: casino
                    action: spin
                    message: BALANCE_UPDATED
                """, 3, "unknown domain 'casino' (known domains: collections, balance, distributions, freeplay, "
                + "adjustments, notifications)");
    }

    @Test
    void unknownActionForThatDomain() {
        rejected("""
                workflow: WRONG_ACTION
                steps:
                  - domain: balance
                    action: issue_bonus
                    message: BONUS_ISSUED
                """, 4, "unknown action 'issue_bonus' for domain 'balance' (its actions: update_balance)");
    }

    @Test
    void unknownMessageType() {
        rejected("""
                workflow: WRONG_MESSAGE
                steps:
                  - domain: balance
                    action: update_balance
                    message: balance-exploded.yaml
                """, 5, "unknown message type 'balance-exploded.yaml'");
    }

    @Test
    void messageTheActionDoesNotEmit() {
        rejected("""
                workflow: WRONG_EMITTER
                steps:
                  - domain: freeplay
                    action: issue_bonus
                    message: BONUS_REDEEMED
                """, 5, "freeplay/issue_bonus does not emit BONUS_REDEEMED (it emits: BONUS_ISSUED)");
    }

    @Test
    void duplicateStepId() {
        rejected("""
                workflow: TWICE
                steps:
                  - domain: balance
                    action: update_balance
                    message: BALANCE_UPDATED
                  - domain: balance
                    action: update_balance
                    message: BALANCE_UPDATED
                """, 7, "duplicate step id 'update_balance' (first used at line 4); give the step an explicit 'id'");
    }

    @Test
    void afterNamingAnUnknownStep() {
        rejected("""
                workflow: DANGLING
                steps:
                  - domain: freeplay
                    action: issue_bonus
                    message: BONUS_ISSUED
                  - domain: balance
                    action: update_balance
                    message: BALANCE_UPDATED
                    after: [issue_bonsu]
                """, 9, "step 'update_balance' runs after unknown step 'issue_bonsu'");
    }

    @Test
    void cycleNamesItsSteps() {
        rejected("""
                workflow: LOOP
                steps:
                  - domain: freeplay
                    action: issue_bonus
                    message: BONUS_ISSUED
                  - id: credit
                    domain: balance
                    action: update_balance
                    message: BALANCE_UPDATED
                    after: [tell]
                  - id: tell
                    domain: notifications
                    action: notify
                    message: NOTICE_SENT
                """, 6, "cycle between steps: credit -> tell -> credit");
    }

    @Test
    void stepAfterItself() {
        rejected("""
                workflow: SELF
                steps:
                  - domain: freeplay
                    action: issue_bonus
                    message: BONUS_ISSUED
                  - id: credit
                    domain: balance
                    action: update_balance
                    message: BALANCE_UPDATED
                    after: credit
                """, 6, "cycle between steps: credit -> credit");
    }

    @Test
    void firstStepCannotWait() {
        rejected("""
                workflow: BACKWARDS
                steps:
                  - domain: freeplay
                    action: issue_bonus
                    message: BONUS_ISSUED
                    after: [update_balance]
                  - domain: balance
                    action: update_balance
                    message: BALANCE_UPDATED
                    after: []
                """, 6, "the first step 'issue_bonus' starts the workflow");
    }

    @Test
    void unknownKeys() {
        rejected("""
                workflow: EXTRA
                owner: ops
                steps:
                  - domain: balance
                    action: update_balance
                    message: BALANCE_UPDATED
                """, 2, "unknown key 'owner' in a workflow file");
        rejected("""
                workflow: EXTRA
                steps:
                  - domain: balance
                    action: update_balance
                    mesage: BALANCE_UPDATED
                """, 5, "unknown key 'mesage' in a step (allowed: action, after, domain, id, message)");
    }

    @Test
    void duplicateKeysAndMissingStepFields() {
        rejected("""
                workflow: DUP
                workflow: DUP2
                steps: []
                """, 2, "duplicate key 'workflow'");
        rejected("""
                workflow: HALF
                steps:
                  - domain: balance
                    message: BALANCE_UPDATED
                """, 3, "step is missing 'action'");
    }

    @Test
    void workflowNameMustBeScreamingSnake() {
        rejected("workflow: bonus flow\nsteps: []\n", 1, "workflow name must be SCREAMING_SNAKE_CASE");
    }

    @Test
    void duplicateWorkflowNamesAcrossFiles() throws IOException {
        Files.writeString(dir.resolve("a.yaml"), """
                workflow: REFUND
                steps:
                  - domain: adjustments
                    action: post_adjustment
                    message: ADJUSTMENT_POSTED
                """);
        Files.writeString(dir.resolve("b.yaml"), """
                # the same name again
                workflow: REFUND
                steps:
                  - domain: adjustments
                    action: post_adjustment
                    message: ADJUSTMENT_POSTED
                """);
        assertThatThrownBy(() -> WorkflowFiles.load(dir))
                .isInstanceOf(WorkflowDefinitionException.class)
                .hasMessage(dir.resolve("b.yaml") + ":2: duplicate workflow name 'REFUND' (already defined in "
                        + dir.resolve("a.yaml") + ":1)");
    }

    @Test
    void extraFileMayNotRedefineAShippedWorkflow() throws IOException {
        Files.writeString(dir.resolve("mine.yaml"), """
                workflow: BONUS_FLOW
                steps:
                  - domain: freeplay
                    action: issue_bonus
                    message: BONUS_ISSUED
                """);
        assertThatThrownBy(() -> WorkflowFiles.load(dir))
                .hasMessageStartingWith(dir.resolve("mine.yaml") + ":1: duplicate workflow name 'BONUS_FLOW'")
                .hasMessageContaining("classpath:workflows/bonus-flow.yaml:");
    }

    @Test
    void badFileInTheExtraDirectoryIsNamed() throws IOException {
        Files.writeString(dir.resolve("ok.yaml"), """
                workflow: REFUND
                steps:
                  - domain: adjustments
                    action: post_adjustment
                    message: ADJUSTMENT_POSTED
                """);
        Files.writeString(dir.resolve("notes.txt"), "not a workflow");
        Files.writeString(dir.resolve("zz.yml"), "workflow: ALERTS\nsteps:\n  - domain: adjustments\n"
                + "    action: raise_alarm\n    message: SECURITY_ALERT\n");
        assertThatThrownBy(() -> WorkflowFiles.load(dir))
                .hasMessageStartingWith(dir.resolve("zz.yml") + ":4: unknown action 'raise_alarm'");
        Files.delete(dir.resolve("zz.yml"));
        assertThat(WorkflowFiles.load(dir).workflows()).extracting(WorkflowDefinition::name)
                .containsExactly("SETTLEMENT_TO_DISTRIBUTION", "BONUS_FLOW", "BONUS_REDEMPTION", "REFUND");
    }

    @Test
    void missingExtraDirectoryIsAnError() {
        assertThatThrownBy(() -> WorkflowFiles.load(dir.resolve("nope")))
                .hasMessageContaining("workflows directory does not exist");
    }
}

package dev.crystal.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class JobStateTest {

    @Test
    void finishedStatesAreFinalOrRetryable() {
        assertThat(JobState.COMPLETED.next()).isEmpty();
        assertThat(JobState.FAILED.next()).containsExactlyInAnyOrder(JobState.WAITING, JobState.PRIORITIZED,
                JobState.WAITING_CHILDREN);
    }

    @Test
    void onlyActiveJobsFinish() {
        for (JobState state : JobState.values()) {
            assertThat(state.canMoveTo(JobState.COMPLETED)).isEqualTo(state == JobState.ACTIVE);
        }
    }

    @Test
    void readyJobsOnlyBecomeActive() {
        assertThat(JobState.WAITING.next()).containsExactly(JobState.ACTIVE);
        assertThat(JobState.PRIORITIZED.next()).containsExactly(JobState.ACTIVE);
    }

    @Test
    void codesRoundTripAndUnknownCodesAreClearErrors() {
        for (JobState state : JobState.values()) {
            assertThat(JobState.ofCode(state.code())).isEqualTo(state);
        }
        assertThatThrownBy(() -> JobState.ofCode("running")).hasMessageContaining("unknown job state 'running'");
    }

    @Test
    void optionsRejectBadValues() {
        assertThatThrownBy(() -> JobOptions.builder().jobId("123").build()).hasMessageContaining("not all digits");
        assertThatThrownBy(() -> JobOptions.builder().attempts(0).build()).hasMessageContaining("attempts");
        assertThatThrownBy(() -> JobOptions.builder().priority(-1).build()).hasMessageContaining("priority");
        assertThatThrownBy(() -> RateLimit.of(0, Duration.ofSeconds(1))).hasMessageContaining("max");
    }
}

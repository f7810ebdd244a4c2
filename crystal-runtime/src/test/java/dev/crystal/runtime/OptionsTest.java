package dev.crystal.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void theDefaultsNameEverySettingAndACopyChangesOnlyWhatItSays() {
        WorkerOptions options = WorkerOptions.defaults();
        assertThat(options.idleStrategy()).isEqualTo(IdleStrategy.BACKOFF_PARK);
        assertThat(options.retryPolicy()).isEqualTo(RetryPolicy.NONE);
        assertThat(options.restartPolicy()).isEqualTo(RestartPolicy.DEFAULT);
        assertThat(options.stuckThreshold()).isEqualTo(WorkerOptions.DEFAULT_STUCK_THRESHOLD);
        assertThat(WorkerOptions.defaults().withMaxBatch(7).withIdleStrategy(IdleStrategy.SPIN))
                .extracting(WorkerOptions::maxBatch, WorkerOptions::idleStrategy, WorkerOptions::mailboxCapacity)
                .containsExactly(7, IdleStrategy.SPIN, WorkerOptions.DEFAULT_MAILBOX_CAPACITY);
    }

    @Test
    void badValuesAreRefused() {
        assertThatThrownBy(() -> WorkerOptions.defaults().withMailboxCapacity(1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WorkerOptions.defaults().withStuckThreshold(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetryPolicy.attempts(0, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RestartPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BreakerOptions.defaults().withFailureRateThreshold(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BreakerOptions.defaults().withOpenWait(Duration.ofSeconds(2), 0.5,
                Duration.ofSeconds(4))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RateLimitOptions.of(0, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetryOptions.exponential(1, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void backOffsGrowExponentiallyUpToTheirCap() {
        RetryPolicy retry = RetryPolicy.attempts(6, Duration.ofMillis(10), Duration.ofMillis(50));
        assertThat(retry.backoffBefore(1)).isZero();
        assertThat(retry.backoffBefore(2)).isEqualTo(Duration.ofMillis(10));
        assertThat(retry.backoffBefore(3)).isEqualTo(Duration.ofMillis(20));
        assertThat(retry.backoffBefore(4)).isEqualTo(Duration.ofMillis(40));
        assertThat(retry.backoffBefore(5)).isEqualTo(Duration.ofMillis(50));
        assertThat(retry.backoffBefore(60)).isEqualTo(Duration.ofMillis(50));

        RestartPolicy restart = new RestartPolicy(5, Duration.ofMinutes(1), Duration.ofMillis(100),
                Duration.ofSeconds(1));
        assertThat(restart.backoffBefore(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(restart.backoffBefore(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(restart.backoffBefore(4)).isEqualTo(Duration.ofMillis(800));
        assertThat(restart.backoffBefore(5)).isEqualTo(Duration.ofSeconds(1));
    }
}

package dev.crystal.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crystal.runtime.Address;
import dev.crystal.runtime.IdleStrategy;
import dev.crystal.runtime.RuntimeConfig;
import dev.crystal.runtime.WorkerOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Spin permits, and the idle loop that takes them: a worker without a permit parks at once. */
class SpinPermitsTest {
    private final LocalWorkerRuntime runtime = new LocalWorkerRuntime(RuntimeConfig.defaults("spin-permits"));

    @AfterEach
    void stop() {
        runtime.shutdownNow();
    }

    private WorkerCell<String> cell(String name) {
        return new WorkerCell<>(Address.of(name, String.class), name, (envelope, context) -> { }, WorkerOptions.defaults(),
                runtime);
    }

    @Test
    void noMoreThanTheLimitAreHeldAndAReleasedPermitCanBeTakenAgain() {
        SpinPermits permits = new SpinPermits(2);
        assertThat(permits.tryAcquire()).isTrue();
        assertThat(permits.tryAcquire()).isTrue();
        assertThat(permits.tryAcquire()).isFalse();
        permits.release();
        assertThat(permits.tryAcquire()).isTrue();
        assertThat(permits.tryAcquire()).isFalse();
        assertThatThrownBy(() -> new SpinPermits(0)).hasMessageContaining("at least 1");
        assertThat(SpinPermits.forThisMachine().limit())
                .isEqualTo(Math.max(1, Runtime.getRuntime().availableProcessors() - 1));
    }

    @Test
    void anIdleWorkerWithAPermitSpinsAndGivesItBackWhenWorkArrives() {
        SpinPermits permits = new SpinPermits(1);
        IdleLoop idle = new IdleLoop(IdleStrategy.BACKOFF_PARK, permits);
        assertThat(idle.idle(cell("a").agent())).as("parked").isFalse();
        assertThat(permits.tryAcquire()).as("the spinning worker holds the only permit").isFalse();
        idle.reset();
        assertThat(permits.tryAcquire()).isTrue();
    }

    @Test
    void anIdleWorkerWithoutAPermitYieldsThenParksAndTakesNoPermit() {
        SpinPermits permits = new SpinPermits(1);
        assertThat(permits.tryAcquire()).isTrue(); // another worker is spinning
        IdleLoop idle = new IdleLoop(IdleStrategy.BACKOFF_PARK, permits);
        WorkerCell<String> cell = cell("b");
        long start = System.nanoTime();
        boolean parked = false;
        while (!parked && System.nanoTime() - start < 5_000_000_000L) {
            parked = idle.idle(cell.agent());
        }
        assertThat(parked).as("parked after the yield window").isTrue();
        idle.reset();
        assertThat(permits.tryAcquire()).as("reset gives back nothing it did not take").isFalse();
        permits.release();
        assertThat(permits.tryAcquire()).isTrue();
    }
}

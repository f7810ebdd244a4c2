package dev.crystal.runtime;

import static dev.crystal.runtime.TestMessages.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crystal.runtime.TestMessages.Text;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IdleStrategyTest {
    private final WorkerRuntime runtime = WorkerRuntime.create(config("idle"));

    @AfterEach
    void stop() {
        runtime.shutdownNow();
    }

    private static Thread.State stateOf(String threadName) {
        return Arrays.stream(ManagementFactory.getThreadMXBean().dumpAllThreads(false, false))
                .filter(t -> t.getThreadName().equals(threadName)).map(ThreadInfo::getThreadState)
                .findFirst().orElseThrow();
    }

    @Test
    void anIdleParkingWorkerParksAndIsWokenBySenders() {
        Address<Text> lazy = Address.of("lazy", Text.class);
        AtomicInteger handled = new AtomicInteger();
        runtime.register(lazy, (env, ctx) -> handled.incrementAndGet());
        runtime.start();
        await().until(() -> stateOf("crystal-idle-lazy") == Thread.State.TIMED_WAITING);
        for (int i = 1; i <= 3; i++) {
            runtime.send(lazy, new Text("wake"), null);
            int expected = i;
            await().until(() -> handled.get() == expected);
            await().until(() -> stateOf("crystal-idle-lazy") == Thread.State.TIMED_WAITING);
        }
    }

    @Test
    void aSpinningWorkerNeverParks() {
        Address<Text> hot = Address.of("hot", Text.class);
        AtomicInteger handled = new AtomicInteger();
        runtime.register(hot, (env, ctx) -> handled.incrementAndGet(),
                WorkerOptions.defaults().withIdleStrategy(IdleStrategy.SPIN));
        runtime.start();
        runtime.send(hot, new Text("go"), null);
        await().until(() -> handled.get() == 1);
        assertThat(stateOf("crystal-idle-hot")).isEqualTo(Thread.State.RUNNABLE);
    }
}

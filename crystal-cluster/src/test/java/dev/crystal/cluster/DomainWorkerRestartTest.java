package dev.crystal.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crystal.runtime.Address;
import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.RuntimeConfig;
import dev.crystal.runtime.Worker;
import dev.crystal.runtime.WorkerContext;
import dev.crystal.runtime.WorkerHealth;
import dev.crystal.runtime.WorkerRuntime;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A domain worker whose store keeps failing at start is restarted with back-off for as long as it fails, and
 * reported, instead of being marked FAILED after the runtime's default five restarts a minute (its messages then
 * dead-lettered while the platform still took work). Thread ownership: the JUnit thread.
 */
class DomainWorkerRestartTest {
    @Test
    void aDomainWorkerWhoseStoreFailsIsRestartedUntilItWorksAndItsMessagesWait() {
        WorkerRuntime runtime = WorkerRuntime.create(RuntimeConfig.defaults("restarts"));
        AtomicInteger starts = new AtomicInteger();
        Queue<String> handled = new ConcurrentLinkedQueue<>();
        Address<String> address = Address.of("ledgerish", String.class);
        WorkerPlacement.local(runtime).place(address, new Worker<>() {
            @Override
            public void onStart(WorkerContext context) {
                if (starts.incrementAndGet() <= 7) {
                    throw new IllegalStateException("database is locked (store failure " + starts.get() + ")");
                }
            }

            @Override
            public void onMessage(Envelope<String> envelope, WorkerContext context) {
                handled.add(envelope.payload());
            }
        });
        try {
            runtime.start();
            runtime.send(address, "work accepted while the store was failing", null);

            await().atMost(Duration.ofSeconds(30)).until(() -> handled.size() == 1);
            WorkerHealth health = runtime.health().stream().filter(h -> h.name().equals("ledgerish")).findFirst()
                    .orElseThrow();
            assertThat(health.state()).isEqualTo(WorkerHealth.WorkerState.RUNNING);
            assertThat(health.restarts()).as("every restart is reported").isEqualTo(7);
            assertThat(runtime.deadLetters().open()).isEmpty();
        } finally {
            runtime.shutdownNow();
        }
    }
}

package dev.crystal.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crystal.runtime.TestMessages.Text;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ShutdownTest {
    private final Address<Text> first = Address.of("first", Text.class);
    private final Address<Text> second = Address.of("second", Text.class);

    @Test
    void drainsMailboxesIncludingWorkSentWhileDrainingThenRunsOnStop() {
        WorkerRuntime runtime = WorkerRuntime.create(RuntimeConfig.defaults("drain")
                .withShutdownTimeout(Duration.ofSeconds(10)));
        AtomicInteger secondHandled = new AtomicInteger();
        List<String> stops = new CopyOnWriteArrayList<>();
        runtime.register(first, new Worker<>() {
            @Override
            public void onMessage(Envelope<Text> envelope, WorkerContext context) throws Exception {
                Thread.sleep(1);
                context.send(second, envelope.payload());
            }

            @Override
            public void onStop(WorkerContext context) {
                stops.add("first");
            }
        });
        runtime.register(second, new Worker<>() {
            @Override
            public void onMessage(Envelope<Text> envelope, WorkerContext context) {
                secondHandled.incrementAndGet();
            }

            @Override
            public void onStop(WorkerContext context) {
                stops.add("second");
            }
        });
        runtime.start();
        for (int i = 0; i < 50; i++) {
            runtime.send(first, new Text("m" + i), null);
        }
        ShutdownReport report = runtime.shutdown();
        assertThat(report.clean()).isTrue();
        assertThat(report.undrained()).isEmpty();
        assertThat(secondHandled.get()).isEqualTo(50);
        assertThat(stops).containsExactlyInAnyOrder("first", "second");
        assertThat(runtime.send(first, new Text("late"), null)).isEqualTo(Delivery.SHUTTING_DOWN);
        assertThat(runtime.health()).allSatisfy(h -> assertThat(h.state()).isEqualTo(WorkerHealth.WorkerState.STOPPED));
        assertThat(runtime.healthSummary().accepting()).isFalse();
    }

    @Test
    void reportsWhatCouldNotDrainInTime() {
        WorkerRuntime runtime = WorkerRuntime.create(RuntimeConfig.defaults("slow")
                .withShutdownTimeout(Duration.ofMillis(200)));
        CountDownLatch release = new CountDownLatch(1);
        runtime.register(first, (env, ctx) -> release.await());
        runtime.start();
        for (int i = 0; i < 5; i++) {
            runtime.send(first, new Text("m" + i), null);
        }
        ShutdownReport report = runtime.shutdown();
        assertThat(report.clean()).isFalse();
        assertThat(report.undrained()).containsKey("first");
        assertThat(report.undrained().get("first")).isEqualTo(4);
        release.countDown();
        runtime.shutdownNow();
    }

    @Test
    void aWorkerStillBusyAfterTheTimeoutEndsBeforeShutdownReturnsSoItsStoresAreNotClosedUnderIt() throws Exception {
        WorkerRuntime runtime = WorkerRuntime.create(RuntimeConfig.defaults("backlog")
                .withShutdownTimeout(Duration.ofMillis(200)));
        AtomicBoolean storesClosed = new AtomicBoolean();
        AtomicInteger usedAfterClose = new AtomicInteger();
        AtomicInteger handled = new AtomicInteger();
        runtime.register(first, (env, ctx) -> {
            // busy for 100 ms and deaf to interrupts, like a statement running in a database driver
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            if (storesClosed.get()) {
                usedAfterClose.incrementAndGet();
            }
            handled.incrementAndGet();
        });
        runtime.start();
        for (int i = 0; i < 30; i++) {
            runtime.send(first, new Text("m" + i), null);
        }
        ShutdownReport report = runtime.shutdown();
        storesClosed.set(true); // what the platform does next: close the pools and the transport
        int handledAtReturn = handled.get();
        Thread.sleep(500);
        assertThat(usedAfterClose).as("no handler ran after shutdown returned").hasValue(0);
        assertThat(handled.get()).as("the rest of the backlog is left, not drained late").isEqualTo(handledAtReturn);
        assertThat(handledAtReturn).isLessThan(30);
        assertThat(report.clean()).isFalse();
        assertThat(report.undrained()).containsKey("first");
    }

    @Test
    void shutdownNowAbandonsMailboxesAndEndsAWaitingShutdown() throws Exception {
        WorkerRuntime runtime = WorkerRuntime.create(RuntimeConfig.defaults("forced")
                .withShutdownTimeout(Duration.ofSeconds(60)));
        CountDownLatch inHandler = new CountDownLatch(1);
        List<String> stops = new CopyOnWriteArrayList<>();
        runtime.register(first, new Worker<>() {
            @Override
            public void onMessage(Envelope<Text> envelope, WorkerContext context) throws Exception {
                inHandler.countDown();
                new CountDownLatch(1).await(); // hangs until interrupted
            }

            @Override
            public void onStop(WorkerContext context) {
                stops.add("stop");
            }
        });
        runtime.start();
        for (int i = 0; i < 3; i++) {
            runtime.send(first, new Text("m" + i), null);
        }
        assertThat(inHandler.await(5, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<ShutdownReport> graceful = CompletableFuture.supplyAsync(runtime::shutdown);
        await().pollDelay(Duration.ofMillis(20)).until(() -> !runtime.healthSummary().accepting());
        ShutdownReport forced = runtime.shutdownNow();
        assertThat(forced.clean()).isFalse();
        assertThat(forced.undrained()).containsEntry("first", 2);
        assertThat(graceful.get(5, TimeUnit.SECONDS).clean()).isFalse();
        assertThat(stops).isEmpty();
    }
}

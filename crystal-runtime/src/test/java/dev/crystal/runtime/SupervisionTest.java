package dev.crystal.runtime;

import static dev.crystal.runtime.TestMessages.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crystal.runtime.TestMessages.Text;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SupervisionTest {
    private final WorkerRuntime runtime = WorkerRuntime.create(config("supervision"));
    private final Address<Text> flaky = Address.of("flaky", Text.class);

    @AfterEach
    void stop() {
        runtime.shutdownNow();
    }

    private static final RestartPolicy FAST_RESTARTS =
            new RestartPolicy(2, Duration.ofMinutes(1), Duration.ofMillis(1), Duration.ofMillis(4));

    @Test
    void aFailingHandlerIsRetriedPerPolicyAndThenSucceeds() {
        AtomicInteger attempts = new AtomicInteger();
        List<String> done = new CopyOnWriteArrayList<>();
        runtime.register(flaky, (env, ctx) -> {
            if (attempts.incrementAndGet() < 3) {
                throw new IllegalStateException("not yet");
            }
            done.add(env.payload().value());
        }, WorkerOptions.defaults().withRetryPolicy(
                RetryPolicy.attempts(3, Duration.ofMillis(1), Duration.ofMillis(2))));
        runtime.start();
        runtime.send(flaky, new Text("x"), null);
        await().until(() -> done.size() == 1);
        assertThat(attempts.get()).isEqualTo(3);
        assertThat(runtime.deadLetters().open()).isEmpty();
        WorkerHealth health = runtime.health().get(0);
        assertThat(health.processed()).isEqualTo(1);
        assertThat(health.errors()).isEqualTo(2);
    }

    @Test
    void exhaustedRetriesDeadLetterTheMessageWithReasonAndStack() {
        AtomicInteger attempts = new AtomicInteger();
        runtime.register(flaky, (env, ctx) -> {
            attempts.incrementAndGet();
            throw new IllegalArgumentException("bad " + env.payload().value());
        }, WorkerOptions.defaults().withRetryPolicy(RetryPolicy.attempts(2, Duration.ZERO, Duration.ZERO)));
        runtime.start();
        runtime.send(flaky, new Text("input"), "corr-d");
        await().until(() -> runtime.deadLetters().open().size() == 1);
        DeadLetter letter = runtime.deadLetters().open().get(0);
        assertThat(attempts.get()).isEqualTo(2);
        assertThat(letter.reason()).contains("2 attempts").contains("IllegalArgumentException: bad input");
        assertThat(letter.stackTrace()).contains("SupervisionTest");
        assertThat(letter.envelope().correlationId()).isEqualTo("corr-d");
        assertThat(letter.id()).isNotBlank();
        assertThat(runtime.health().get(0).deadLettered()).isEqualTo(1);
    }

    @Test
    void aCrashedWorkerIsRestartedAndCarriesOn() {
        AtomicInteger starts = new AtomicInteger();
        List<String> done = new CopyOnWriteArrayList<>();
        runtime.register(flaky, new Worker<>() {
            @Override
            public void onStart(WorkerContext context) {
                starts.incrementAndGet();
            }

            @Override
            public void onMessage(Envelope<Text> envelope, WorkerContext context) {
                if (envelope.payload().value().equals("crash")) {
                    throw new OutOfMemoryError("simulated");
                }
                done.add(envelope.payload().value());
            }
        }, WorkerOptions.defaults().withRestartPolicy(FAST_RESTARTS));
        runtime.start();
        runtime.send(flaky, new Text("crash"), null);
        runtime.send(flaky, new Text("after"), null);
        await().until(() -> done.size() == 1);
        assertThat(starts.get()).isEqualTo(2);
        assertThat(runtime.health().get(0).restarts()).isEqualTo(1);
        assertThat(runtime.health().get(0).state()).isEqualTo(WorkerHealth.WorkerState.RUNNING);
        assertThat(runtime.deadLetters().open()).singleElement()
                .satisfies(d -> assertThat(d.reason()).contains("worker crashed"));
    }

    @Test
    void aFailingBatchCommitCrashesTheWorkerWhichIsRestarted() {
        AtomicInteger commits = new AtomicInteger();
        runtime.register(flaky, new Worker<>() {
            @Override
            public void onMessage(Envelope<Text> envelope, WorkerContext context) {
            }

            @Override
            public void onBatchEnd(int count, WorkerContext context) {
                if (commits.incrementAndGet() == 1) {
                    throw new IllegalStateException("commit failed");
                }
            }
        }, WorkerOptions.defaults().withRestartPolicy(FAST_RESTARTS));
        runtime.start();
        runtime.send(flaky, new Text("a"), null);
        await().until(() -> runtime.health().get(0).restarts() == 1);
        runtime.send(flaky, new Text("b"), null);
        await().until(() -> commits.get() == 2);
    }

    @Test
    void tooManyRestartsMarkTheWorkerFailedAndDeadLetterItsMail() {
        runtime.register(flaky, new Worker<>() {
            @Override
            public void onStart(WorkerContext context) {
                throw new IllegalStateException("cannot start");
            }

            @Override
            public void onMessage(Envelope<Text> envelope, WorkerContext context) {
            }
        }, WorkerOptions.defaults().withRestartPolicy(FAST_RESTARTS));
        runtime.start();
        await().until(() -> runtime.health().get(0).state() == WorkerHealth.WorkerState.FAILED);
        assertThat(runtime.health().get(0).restarts()).isEqualTo(2);
        assertThat(runtime.send(flaky, new Text("late"), null)).isEqualTo(Delivery.DEAD_LETTERED);
        assertThat(runtime.healthSummary().healthy()).isFalse();
    }

    @Test
    void aWorkerThatCannotStartWhileTheRuntimeStopsEndsInsteadOfRestartingInALoop() throws Exception {
        AtomicInteger starts = new AtomicInteger();
        AtomicBoolean broken = new AtomicBoolean();
        runtime.register(flaky, new Worker<>() {
            @Override
            public void onStart(WorkerContext context) {
                starts.incrementAndGet();
                if (broken.get()) {
                    throw new IllegalStateException("store closed");
                }
            }

            @Override
            public void onMessage(Envelope<Text> envelope, WorkerContext context) {
                throw new Error("crash");
            }
        }, WorkerOptions.defaults().withRestartPolicy(
                new RestartPolicy(Integer.MAX_VALUE, Duration.ofMinutes(1), Duration.ofMillis(20), Duration.ofMillis(20))));
        runtime.start();
        broken.set(true); // like a domain whose database the stop has closed: every restart fails at once
        runtime.send(flaky, new Text("boom"), null);
        await().until(() -> starts.get() >= 3);
        runtime.shutdown();
        Thread.sleep(300);
        int afterStop = starts.get();
        Thread.sleep(700);
        assertThat(starts.get()).as("no restarts once the runtime has stopped").isEqualTo(afterStop);
    }

    @Test
    void aHandlerRunningPastTheThresholdIsReportedStuck() {
        CountDownLatch release = new CountDownLatch(1);
        runtime.register(flaky, (env, ctx) -> release.await(),
                WorkerOptions.defaults().withStuckThreshold(Duration.ofMillis(30)));
        runtime.start();
        runtime.send(flaky, new Text("hang"), null);
        await().until(() -> runtime.health().get(0).stuck());
        assertThat(runtime.health().get(0).healthy()).isFalse();
        assertThat(runtime.healthSummary().unhealthy()).hasSize(1);
        release.countDown();
        await().until(() -> !runtime.health().get(0).stuck());
    }
}

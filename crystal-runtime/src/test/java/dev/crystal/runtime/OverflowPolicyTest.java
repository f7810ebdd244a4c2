package dev.crystal.runtime;

import static dev.crystal.runtime.TestMessages.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crystal.runtime.TestMessages.Text;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OverflowPolicyTest {
    private final WorkerRuntime runtime = WorkerRuntime.create(config("overflow"));
    private final Address<Text> slow = Address.of("slow", Text.class);
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch inHandler = new CountDownLatch(1);
    private final AtomicInteger handled = new AtomicInteger();

    @AfterEach
    void stop() {
        release.countDown();
        runtime.shutdownNow();
    }

    /** Starts a worker with a 2-slot mailbox, blocks it in its first handler and fills the mailbox. */
    private void fillMailbox(WorkerOptions options) throws InterruptedException {
        runtime.register(slow, (env, ctx) -> {
            inHandler.countDown();
            release.await();
            handled.incrementAndGet();
        }, options.withMailboxCapacity(2));
        runtime.start();
        assertThat(runtime.send(slow, new Text("blocker"), null)).isEqualTo(Delivery.ACCEPTED);
        assertThat(inHandler.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(runtime.send(slow, new Text("1"), null)).isEqualTo(Delivery.ACCEPTED);
        assertThat(runtime.send(slow, new Text("2"), null)).isEqualTo(Delivery.ACCEPTED);
    }

    @Test
    void rejectAnswersAtOnce() throws Exception {
        fillMailbox(WorkerOptions.defaults().withOverflowPolicy(OverflowPolicy.REJECT));
        assertThat(runtime.send(slow, new Text("3"), null)).isEqualTo(Delivery.REJECTED);
        assertThat(runtime.health().get(0).rejected()).isEqualTo(1);
        assertThat(runtime.health().get(0).highWaterMark()).isEqualTo(2);
        release.countDown();
        await().until(() -> handled.get() == 3);
    }

    @Test
    void deadLetterKeepsTheMessage() throws Exception {
        fillMailbox(WorkerOptions.defaults().withOverflowPolicy(OverflowPolicy.DEAD_LETTER));
        assertThat(runtime.send(slow, new Text("3"), "corr-3")).isEqualTo(Delivery.DEAD_LETTERED);
        assertThat(runtime.deadLetters().open()).singleElement().satisfies(d -> {
            assertThat(d.envelope().payload()).isEqualTo(new Text("3"));
            assertThat(d.envelope().correlationId()).isEqualTo("corr-3");
            assertThat(d.reason()).contains("mailbox full");
        });
        assertThat(runtime.health().get(0).deadLettered()).isEqualTo(1);
    }

    @Test
    void backpressureWaitsForRoomThenSucceeds() throws Exception {
        fillMailbox(WorkerOptions.defaults().withOverflowPolicy(OverflowPolicy.BACKPRESSURE)
                .withSendTimeout(Duration.ofSeconds(10)));
        CompletableFuture<Delivery> waiting = CompletableFuture.supplyAsync(
                () -> runtime.send(slow, new Text("3"), null));
        assertThat(waiting).isNotDone();
        release.countDown();
        assertThat(waiting.get(10, TimeUnit.SECONDS)).isEqualTo(Delivery.ACCEPTED);
        await().until(() -> handled.get() == 4);
    }

    @Test
    void backpressureGivesUpAfterTheSendTimeout() throws Exception {
        fillMailbox(WorkerOptions.defaults().withOverflowPolicy(OverflowPolicy.BACKPRESSURE)
                .withSendTimeout(Duration.ofMillis(20)));
        assertThat(runtime.send(slow, new Text("3"), null)).isEqualTo(Delivery.REJECTED);
        assertThat(runtime.health().get(0).rejected()).isEqualTo(1);
    }

    @Test
    void aWorkerSendingToItsOwnFullMailboxIsNotBlocked() throws Exception {
        Address<Text> self = Address.of("self", Text.class);
        CompletableFuture<Delivery> result = new CompletableFuture<>();
        runtime.register(self, (env, ctx) -> {
            if (env.payload().value().equals("go")) {
                ctx.send(self, new Text("a"));
                ctx.send(self, new Text("b"));
                result.complete(ctx.send(self, new Text("c")));
            }
        }, WorkerOptions.defaults().withMailboxCapacity(2).withSendTimeout(Duration.ofSeconds(30)));
        runtime.start();
        runtime.send(self, new Text("go"), null);
        assertThat(result.get(5, TimeUnit.SECONDS)).isEqualTo(Delivery.REJECTED);
    }
}

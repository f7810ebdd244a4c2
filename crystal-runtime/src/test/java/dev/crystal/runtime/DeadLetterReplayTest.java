package dev.crystal.runtime;

import static dev.crystal.runtime.TestMessages.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crystal.runtime.TestMessages.Text;
import dev.crystal.runtime.spi.DeadLetterLog;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeadLetterReplayTest {
    private final WorkerRuntime runtime = WorkerRuntime.create(config("replay"));
    private final Address<Text> picky = Address.of("picky", Text.class);
    private final AtomicBoolean broken = new AtomicBoolean(true);
    private final List<Envelope<Text>> handled = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        runtime.shutdownNow();
    }

    private void start() {
        runtime.register(picky, (env, ctx) -> {
            if (broken.get()) {
                throw new IllegalStateException("dependency down");
            }
            handled.add(env);
        });
        runtime.start();
    }

    @Test
    void aDeadLetterIsListedByIdAndReplayedWithItsOriginalIdentity() {
        start();
        runtime.send(picky, new Text("a"), "corr-a");
        await().until(() -> runtime.deadLetters().open().size() == 1);
        DeadLetter letter = runtime.deadLetters().open().get(0);
        assertThat(runtime.deadLetters().find(letter.id())).contains(letter);

        broken.set(false);
        assertThat(runtime.deadLetters().replay(letter.id())).contains(Delivery.ACCEPTED);
        await().until(() -> handled.size() == 1);
        assertThat(handled.get(0).messageId()).isEqualTo(letter.envelope().messageId());
        assertThat(handled.get(0).correlationId()).isEqualTo("corr-a");
        await().until(() -> runtime.deadLetters().open().isEmpty());
        assertThat(runtime.deadLetters().replay(letter.id())).isEmpty();
        assertThat(runtime.deadLetters().find(letter.id())).get().satisfies(d -> {
            assertThat(d.resolved()).isTrue();
            assertThat(d.resolvedBy()).isEqualTo(DeadLetter.RESOLVED_BY_REPLAY);
        });
    }

    @Test
    void aMessageThatFailsAgainIsOneLetterCountingAttemptsAndItsLaterSuccessResolvesIt() {
        start();
        runtime.send(picky, new Text("lock"), "corr-lock");
        await().until(() -> runtime.deadLetters().open().size() == 1);
        DeadLetter first = runtime.deadLetters().open().get(0);
        assertThat(first.code()).isEqualTo(DeadLetterReason.HANDLER_FAILED);
        assertThat(first.worker()).isEqualTo("picky");
        assertThat(first.stackTrace()).startsWith("IllegalStateException: dependency down\n  at ");
        int perDelivery = first.attempts();

        // the same message fails again (replayed, then redelivered): still one letter, more attempts
        assertThat(runtime.deadLetters().replay(first.id())).contains(Delivery.ACCEPTED);
        await().until(() -> runtime.deadLetters().open().getFirst().attempts() == 2 * perDelivery);
        runtime.deliver(first.envelope());
        await().until(() -> runtime.deadLetters().open().getFirst().attempts() == 3 * perDelivery);
        assertThat(runtime.deadLetters().all()).singleElement().satisfies(d -> {
            assertThat(d.id()).isEqualTo(first.id());
            assertThat(d.firstFailedAt()).isEqualTo(first.firstFailedAt());
            assertThat(d.at()).isAfterOrEqualTo(first.at());
            assertThat(d.resolved()).isFalse();
        });

        // the lock is gone and the message comes again by itself: resolved, not removed
        broken.set(false);
        runtime.deliver(first.envelope());
        await().until(() -> runtime.deadLetters().open().isEmpty());
        assertThat(runtime.deadLetters().all()).singleElement().satisfies(d -> {
            assertThat(d.status()).isEqualTo("resolved");
            assertThat(d.resolvedBy()).isEqualTo(DeadLetter.RESOLVED_BY_LATER_SUCCESS);
            assertThat(d.attempts()).isEqualTo(3 * perDelivery);
        });
        assertThat(runtime.healthSummary().deadLetters()).isZero();
        assertThat(runtime.deadLetters().hasOpen()).isFalse();
        assertThat(runtime.deadLetters().resolve(first.id(), "again")).isFalse();
        assertThat(runtime.deadLetters().discardMatching(DeadLetter::resolved)).isEqualTo(1);

        // work completed another way (a new message did it): the operator's code resolves the letter
        broken.set(true);
        runtime.send(picky, new Text("second"), "corr-second");
        await().until(() -> runtime.deadLetters().open().size() == 1);
        assertThat(runtime.deadLetters().hasOpen()).isTrue();
        String second = runtime.deadLetters().open().getFirst().id();
        assertThat(runtime.deadLetters().resolve(second, "settlement S1 completed later")).isTrue();
        assertThat(runtime.deadLetters().open()).isEmpty();
        assertThat(runtime.deadLetters().find(second)).get().extracting(DeadLetter::resolvedBy)
                .isEqualTo("settlement S1 completed later");
        assertThat(runtime.deadLetters().all()).extracting(DeadLetter::id).containsExactly(second);
    }

    @Test
    void replayBySelectionAndDiscard() {
        start();
        runtime.send(picky, new Text("keep"), null);
        runtime.send(picky, new Text("drop"), null);
        runtime.send(picky, new Text("retry"), null);
        await().until(() -> runtime.deadLetters().open().size() == 3);
        String drop = runtime.deadLetters().open().stream()
                .filter(d -> d.envelope().payload().equals(new Text("drop"))).findFirst().orElseThrow().id();
        assertThat(runtime.deadLetters().discard(drop)).isTrue();
        assertThat(runtime.deadLetters().discard(drop)).isFalse();

        broken.set(false);
        int replayed = runtime.deadLetters().replayMatching(d -> d.envelope().payload().equals(new Text("retry")));
        assertThat(replayed).isEqualTo(1);
        await().until(() -> handled.size() == 1 && runtime.deadLetters().open().size() == 1);
        assertThat(runtime.deadLetters().open()).extracting(d -> (Object) d.envelope().payload()).containsExactly(new Text("keep"));
    }

    @Test
    void aLetterTheConfiguredLogRefusesIsKeptInMemoryAndStillReplayable() {
        DeadLetterLog refusing = new DeadLetterLog() {
            @Override
            public void append(DeadLetter letter) {
                throw new IllegalStateException("database is down");
            }

            @Override
            public List<DeadLetter> list() {
                return List.of();
            }

            @Override
            public Optional<DeadLetter> find(String id) {
                return Optional.empty();
            }

            @Override
            public boolean remove(String id) {
                return false;
            }

            @Override
            public int count() {
                return 0;
            }
        };
        WorkerRuntime withLog = WorkerRuntime.create(config("refused").withDeadLetterLog(refusing));
        AtomicBoolean fixed = new AtomicBoolean();
        withLog.register(picky, (env, ctx) -> {
            if (!fixed.get()) {
                throw new IllegalStateException("dependency down");
            }
            handled.add(env);
        });
        withLog.start();
        try {
            withLog.send(picky, new Text("kept"), "corr-kept");
            await().until(() -> withLog.deadLetters().open().size() == 1);
            DeadLetter letter = withLog.deadLetters().open().get(0);
            assertThat(withLog.healthSummary().deadLetters()).isEqualTo(1);
            fixed.set(true);
            assertThat(withLog.deadLetters().replay(letter.id())).contains(Delivery.ACCEPTED);
            await().until(() -> handled.size() == 1);
            await().until(() -> withLog.deadLetters().open().isEmpty());
        } finally {
            withLog.shutdownNow();
        }
    }
}

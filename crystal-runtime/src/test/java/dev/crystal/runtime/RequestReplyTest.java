package dev.crystal.runtime;

import static dev.crystal.runtime.TestMessages.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crystal.runtime.TestMessages.Ask;
import dev.crystal.runtime.TestMessages.Text;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RequestReplyTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private final WorkerRuntime runtime = WorkerRuntime.create(config("rr"));
    private final Address<Ask> echo = Address.of("echo", Ask.class);

    @AfterEach
    void stop() {
        runtime.shutdownNow();
    }

    private static Reply<String> answer(CompletableFuture<Reply<String>> future) {
        return future.orTimeout(10, TimeUnit.SECONDS).join();
    }

    @Test
    void successCarriesTheValue() {
        runtime.register(echo, (env, ctx) -> ctx.reply(env.payload(), env.payload().value().toUpperCase()));
        runtime.start();
        assertThat(answer(runtime.request(echo, new Ask("hi"), null, WAIT))).isEqualTo(Reply.success("HI"));
    }

    @Test
    void noReplyInTimeIsTimeout() {
        runtime.register(echo, (env, ctx) -> { });
        runtime.start();
        Reply<String> reply = answer(runtime.request(echo, new Ask("hi"), null, Duration.ofMillis(30)));
        assertThat(reply).isInstanceOfSatisfying(Reply.Failure.class,
                f -> assertThat(f.kind()).isEqualTo(ReplyFailure.TIMEOUT));
    }

    @Test
    void unknownAddressIsNoHandler() {
        runtime.start();
        Reply<String> reply = answer(runtime.request(Address.of("nobody", Ask.class), new Ask("hi"), null, WAIT));
        assertThat(((Reply.Failure<String>) reply).kind()).isEqualTo(ReplyFailure.NO_HANDLER);
    }

    @Test
    void failingHandlerIsRecipientFailure() {
        runtime.register(echo, (env, ctx) -> {
            throw new IllegalStateException("cannot");
        });
        runtime.start();
        Reply<String> reply = answer(runtime.request(echo, new Ask("hi"), null, WAIT));
        assertThat(reply).isInstanceOfSatisfying(Reply.Failure.class, f -> {
            assertThat(f.kind()).isEqualTo(ReplyFailure.RECIPIENT_FAILURE);
            assertThat(f.detail()).contains("cannot");
        });
    }

    @Test
    void fullMailboxIsRejected() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch inHandler = new CountDownLatch(1);
        runtime.register(echo, (env, ctx) -> {
            inHandler.countDown();
            release.await();
            ctx.reply(env.payload(), "late");
        }, WorkerOptions.defaults().withMailboxCapacity(2).withOverflowPolicy(OverflowPolicy.REJECT));
        runtime.start();
        runtime.request(echo, new Ask("0"), null, WAIT);
        assertThat(inHandler.await(5, TimeUnit.SECONDS)).isTrue();
        runtime.request(echo, new Ask("1"), null, WAIT);
        runtime.request(echo, new Ask("2"), null, WAIT);
        Reply<String> reply = answer(runtime.request(echo, new Ask("3"), null, WAIT));
        assertThat(((Reply.Failure<String>) reply).kind()).isEqualTo(ReplyFailure.REJECTED);
        release.countDown();
    }

    @Test
    void afterShutdownIsShuttingDown() {
        runtime.register(echo, (env, ctx) -> ctx.reply(env.payload(), "x"));
        runtime.start();
        runtime.shutdown();
        Reply<String> reply = answer(runtime.request(echo, new Ask("hi"), null, WAIT));
        assertThat(((Reply.Failure<String>) reply).kind()).isEqualTo(ReplyFailure.SHUTTING_DOWN);
    }

    @Test
    void aRequestStillWaitingWhenTheRuntimeStopsIsShuttingDown() {
        runtime.register(echo, (env, ctx) -> { });
        runtime.start();
        CompletableFuture<Reply<String>> pending =
                runtime.request(echo, new Ask("never answered"), null, Duration.ofMinutes(1));
        await().until(() -> runtime.health().get(0).processed() == 1);
        runtime.shutdown();
        assertThat(((Reply.Failure<String>) answer(pending)).kind()).isEqualTo(ReplyFailure.SHUTTING_DOWN);
    }

    @Test
    void aWorkerGetsTheReplyOnItsOwnThreadUnderItsCorrelation() {
        Address<Text> asker = Address.of("asker", Text.class);
        List<String> got = new CopyOnWriteArrayList<>();
        runtime.register(echo, (env, ctx) -> {
            ReplyHandle<String> later = ctx.replyHandle(env.payload());
            later.succeed(env.payload().value() + "/" + env.correlationId());
        });
        runtime.register(asker, (env, ctx) -> {
            Thread own = Thread.currentThread();
            ctx.request(echo, new Ask(env.payload().value()), WAIT, reply -> {
                got.add(((Reply.Success<String>) reply).value());
                got.add(String.valueOf(Thread.currentThread() == own));
                got.add(ctx.correlationId());
            });
        });
        runtime.start();
        runtime.send(asker, new Text("q"), "corr-q");
        await().until(() -> got.size() == 3);
        assertThat(got).containsExactly("q/corr-q", "true", "corr-q");
    }

    @Test
    void aWorkerRequestToNobodyFailsThroughTheCallback() {
        Address<Text> asker = Address.of("asker", Text.class);
        List<Reply<String>> got = new CopyOnWriteArrayList<>();
        runtime.register(asker, (env, ctx) ->
                ctx.request(Address.of("nobody", Ask.class), new Ask("?"), WAIT, got::add));
        runtime.start();
        runtime.send(asker, new Text("go"), null);
        await().until(() -> got.size() == 1);
        assertThat(((Reply.Failure<String>) got.get(0)).kind()).isEqualTo(ReplyFailure.NO_HANDLER);
    }

    @Test
    void onlyTheFirstAnswerCounts() {
        List<Boolean> answers = new CopyOnWriteArrayList<>();
        runtime.register(echo, (env, ctx) -> {
            answers.add(ctx.reply(env.payload(), "one"));
            answers.add(ctx.reply(env.payload(), "two"));
        });
        runtime.start();
        assertThat(answer(runtime.request(echo, new Ask("hi"), null, WAIT))).isEqualTo(Reply.success("one"));
        await().until(() -> answers.size() == 2);
        assertThat(answers).containsExactly(true, false);
    }
}

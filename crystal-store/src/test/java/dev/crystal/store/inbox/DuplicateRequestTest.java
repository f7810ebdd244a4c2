package dev.crystal.store.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crystal.runtime.Address;
import dev.crystal.runtime.Breaker;
import dev.crystal.runtime.BreakerOptions;
import dev.crystal.runtime.Delivery;
import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.Guard;
import dev.crystal.runtime.RateLimitOptions;
import dev.crystal.runtime.Reply;
import dev.crystal.runtime.ReplyFailure;
import dev.crystal.runtime.ReplyHandle;
import dev.crystal.runtime.Request;
import dev.crystal.runtime.RetryOptions;
import dev.crystal.runtime.RuntimeConfig;
import dev.crystal.runtime.WorkerContext;
import dev.crystal.runtime.WorkerMetrics;
import dev.crystal.runtime.WorkerRuntime;
import dev.crystal.store.Database;
import dev.crystal.store.SqliteDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the callers of a request see through an {@link InboxWorker}: the answer only after the commit, and a
 * duplicate refused with {@link ReplyFailure#REJECTED}. Drives the worker directly with a recording context.
 * Thread ownership: the JUnit thread plays the worker thread.
 */
class DuplicateRequestTest {
    @TempDir
    Path dir;

    private Database db;
    private final WorkerRuntime runtime = WorkerRuntime.create(RuntimeConfig.defaults("direct"));

    @AfterEach
    void close() {
        runtime.shutdownNow();
        if (db != null) {
            db.close();
        }
    }

    @Test
    void answersAfterTheCommitAndRefusesADuplicateRequest() throws Exception {
        db = SqliteDatabase.open(dir.resolve("a.db"), CounterWorker.MIGRATIONS);
        InboxWorker<CounterMessage> worker = new InboxWorker<>(new CounterWorker(db), db, runtime, new CounterCodec());
        Envelope<CounterMessage> request = new Envelope<>("r-1", "AddAndTell", "corr", null, "external", "a",
                Instant.now(), new CounterMessage.AddAndTell("x", 7));

        RecordingContext first = new RecordingContext(request);
        worker.onStart(first);
        worker.onMessage(request, first);
        assertThat(first.answers).as("held until the batch commits").isEmpty();
        worker.onBatchEnd(1, first);
        assertThat(first.answers).containsExactly(Reply.success(7L));

        RecordingContext second = new RecordingContext(request);
        worker.onMessage(request, second);
        worker.onBatchEnd(1, second);
        assertThat(second.answers).hasSize(1);
        Reply.Failure<?> refused = (Reply.Failure<?>) second.answers.get(0);
        assertThat(refused.kind()).isEqualTo(ReplyFailure.REJECTED);
        assertThat(refused.detail()).isEqualTo("duplicate of message r-1, already handled by a; its effects are not"
                + " repeated");
        assertThat(CounterWorker.total(db, "x")).isEqualTo(7);
    }

    /** A worker context with the request {@code current} and a reply-to that records answers. */
    private static final class RecordingContext implements WorkerContext {
        final List<Reply<?>> answers = new ArrayList<>();
        final List<Runnable> laterActions = new ArrayList<>();
        private final Envelope<?> current;

        RecordingContext(Envelope<?> current) {
            this.current = current;
        }

        @Override
        public String self() {
            return "a";
        }

        @Override
        public <M> Delivery send(Address<? super M> to, M message) {
            throw new AssertionError("not sent in this test");
        }

        @Override
        public int publish(Object event) {
            throw new AssertionError("not published in this test");
        }

        @Override
        public <R, M extends Request<R>> void request(Address<? super M> to, M message, Duration timeout,
                                                      Consumer<Reply<R>> onReply) {
            throw new AssertionError("no requests in this test");
        }

        @Override
        @SuppressWarnings("unchecked")
        public boolean awaitsReply() {
            return current != null && current.payload() instanceof Request<?>;
        }

        @Override
        public <R> ReplyHandle<R> replyHandle(Request<R> request) {
            return new ReplyHandle<>() {
                @Override
                public boolean succeed(R value) {
                    return answers.add(Reply.success(value));
                }

                @Override
                public boolean fail(ReplyFailure kind, String detail) {
                    return answers.add(Reply.failure(kind, detail));
                }

                @Override
                public String correlationId() {
                    return current.correlationId();
                }
            };
        }

        @Override
        public <M> void schedule(Duration delay, Address<? super M> to, M message) {
            throw new AssertionError("no timers in this test");
        }

        @Override
        public void runLater(Duration delay, Runnable action) {
            laterActions.add(action); // the test plays the worker thread; nothing here is due within it
        }

        @Override
        public void withCorrelation(String correlationId, Runnable work) {
            work.run(); // one operation in this test
        }

        @Override
        public WorkerMetrics metrics() {
            throw new AssertionError("no metrics in this test");
        }

        @Override
        public Breaker circuitBreaker(String name, BreakerOptions options) {
            throw new AssertionError("no circuit breakers in this test");
        }

        @Override
        public Guard rateLimiter(String name, RateLimitOptions options) {
            throw new AssertionError("no rate limiters in this test");
        }

        @Override
        public Guard retry(String name, RetryOptions options) {
            throw new AssertionError("no retries in this test");
        }

        @Override
        public String correlationId() {
            return current.correlationId();
        }

        @Override
        public Envelope<?> current() {
            return current;
        }

        @Override
        public InstantSource clock() {
            return InstantSource.system();
        }

        @Override
        public Logger log() {
            return LoggerFactory.getLogger("test.worker.a");
        }
    }
}

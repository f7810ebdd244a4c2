package dev.crystal.store.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.crystal.runtime.Address;
import dev.crystal.runtime.Delivery;
import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.OverflowPolicy;
import dev.crystal.runtime.Reply;
import dev.crystal.runtime.RetryPolicy;
import dev.crystal.runtime.RuntimeConfig;
import dev.crystal.runtime.Worker;
import dev.crystal.runtime.WorkerContext;
import dev.crystal.runtime.WorkerOptions;
import dev.crystal.runtime.WorkerRuntime;
import dev.crystal.store.Database;
import dev.crystal.store.SqlWork;
import dev.crystal.store.UnitOfWork;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link InboxWorker} and {@link UnitOfWork} on a real database: subclasses open SQLite files or PostgreSQL
 * schemas, dropped after each test. Thread ownership: the JUnit thread (databases are handed to worker threads
 * only while a runtime runs, and back after it stopped).
 */
abstract class InboxWorkerContract {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final List<WorkerRuntime> runtimes = new ArrayList<>();

    /** Opens the database {@code name} with {@link CounterWorker#MIGRATIONS} (counters, inbox, outbox). */
    protected abstract Database open(String name);

    /** Closes every database opened and removes its data. */
    protected abstract void dropAll();

    @AfterEach
    final void cleanUp() {
        runtimes.forEach(WorkerRuntime::shutdownNow);
        dropAll();
    }

    @Test
    void theSameMessageDeliveredTwiceChangesAndEmitsOnce() throws Exception {
        Database a = open("a");
        Database b = open("b");
        Database plain = open("plain");
        Queue<Envelope<?>> seen = new ConcurrentLinkedQueue<>();
        WorkerRuntime runtime = runtime("dup");
        register(runtime, "a", a);
        register(runtime, "b", b);
        runtime.register(CounterWorker.address("plain"), new CounterWorker(plain));
        probe(runtime, seen);
        runtime.start();

        Envelope<CounterMessage> first = add("m-1", "a", 5, "b");
        assertThat(runtime.deliver(first)).isEqualTo(Delivery.ACCEPTED);
        assertThat(runtime.deliver(first)).isEqualTo(Delivery.ACCEPTED);
        await().atMost(WAIT).until(() -> seen.size() >= 2);
        assertThat(runtime.deliver(first)).isEqualTo(Delivery.ACCEPTED);
        // The control: the same worker without an inbox counts every copy.
        runtime.deliver(add("m-2", "plain", 5, null));
        runtime.deliver(add("m-2", "plain", 5, null));

        assertThat(total(runtime, "a", "x")).isEqualTo(5);
        assertThat(total(runtime, "b", "x")).isEqualTo(5);
        assertThat(total(runtime, "plain", "x")).isEqualTo(10);
        await().atMost(WAIT).until(() -> seen.size() == 4);
        assertThat(seen).filteredOn(e -> !e.source().equals("plain")).extracting(Envelope::messageId)
                .containsExactlyInAnyOrder("m-1/a/1", "m-1/a/0/b/0");
        assertThat(seen).filteredOn(e -> e.source().equals("plain")).as("without an inbox: emitted twice").hasSize(2);
        Envelope<?> fromA = seen.stream().filter(e -> e.messageId().equals("m-1/a/1")).findFirst().orElseThrow();
        assertThat(fromA.correlationId()).isEqualTo("corr-m-1");
        assertThat(fromA.causationId()).isEqualTo("m-1");
        assertThat(fromA.source()).isEqualTo("a");
        assertThat(handled(a)).containsExactly("m-1");
        assertThat(handled(b)).containsExactly("m-1/a/0");
    }

    @Test
    void aCrashBetweenCommitAndRelayIsRelayedOnStartAndDuplicatesAreDropped() throws Exception {
        Database a = open("a");
        Database b = open("b");
        Queue<Envelope<?>> before = new ConcurrentLinkedQueue<>();
        WorkerRuntime crashed = runtime("crashed");
        register(crashed, "a", a);
        register(crashed, "b", b);
        probe(crashed, before);
        crashed.start();
        crashed.deliver(add("m-1", "a", 5, "b"));
        await().atMost(WAIT).until(() -> before.size() == 2);
        crashed.shutdownNow(); // no onStop: the relayed rows are still in the outboxes, as after a crash
        assertThat(outboxIds(a)).containsExactly("m-1/a/0", "m-1/a/1");
        assertThat(outboxIds(b)).containsExactly("m-1/a/0/b/0");

        Queue<Envelope<?>> after = new ConcurrentLinkedQueue<>();
        WorkerRuntime restarted = runtime("restarted");
        register(restarted, "a", a);
        register(restarted, "b", b);
        probe(restarted, after);
        restarted.start();

        await().atMost(WAIT).until(() -> after.size() == 2);
        assertThat(after).extracting(Envelope::messageId).containsExactlyInAnyOrder("m-1/a/1", "m-1/a/0/b/0");
        assertThat(total(restarted, "a", "x")).isEqualTo(5);
        assertThat(total(restarted, "b", "x")).as("b dropped the relayed copy it had handled").isEqualTo(5);
        restarted.shutdown();
        assertThat(outboxIds(a)).isEmpty();
        assertThat(outboxIds(b)).isEmpty();
    }

    @Test
    void aFailingMessageRollsBackOnlyItsOwnWritesInTheBatch() throws Exception {
        Database a = open("a");
        Queue<Envelope<?>> seen = new ConcurrentLinkedQueue<>();
        WorkerRuntime runtime = runtime("failing");
        CountingDatabase counting = new CountingDatabase(a);
        runtime.register(CounterWorker.address("a"), new InboxWorker<>(new CounterWorker(counting), counting, runtime,
                new CounterCodec()), WorkerOptions.defaults().withRetryPolicy(RetryPolicy.attempts(2,
                Duration.ofMillis(1), Duration.ofMillis(1))));
        probe(runtime, seen);
        // Queued before start, so the three arrive in one batch.
        runtime.deliver(add("m-1", "a", 1, null));
        runtime.deliver(add("m-2", "a", -100, null));
        runtime.deliver(add("m-3", "a", 2, null));
        runtime.start();

        await().atMost(WAIT).until(() -> seen.size() == 2);
        assertThat(total(runtime, "a", "x")).isEqualTo(3);
        assertThat(seen).extracting(Envelope::messageId).containsExactly("m-1/a/0", "m-3/a/0");
        assertThat(runtime.deadLetters().open()).extracting(d -> d.envelope().messageId()).containsExactly("m-2");
        assertThat(handled(a)).containsExactlyInAnyOrder("m-1", "m-3");
        assertThat(counting.units).as("one unit of work (one commit) for the batch, one for onStart, one per query")
                .isLessThanOrEqualTo(3);
    }

    @Test
    void aSubscriberWhoseMailboxWasFullStillGetsEveryPublishedEvent() throws Exception {
        Database a = open("a");
        int events = 40;
        Queue<Envelope<?>> fast = new ConcurrentLinkedQueue<>();
        Queue<Envelope<?>> slow = new ConcurrentLinkedQueue<>();
        WorkerRuntime runtime = runtime("subscribers");
        register(runtime, "a", a);
        probe(runtime, fast);
        Address<CounterMessage.Added> slowProbe = Address.of("slow-probe", CounterMessage.Added.class);
        runtime.register(slowProbe, new Worker<>() {
            @Override
            public void onMessage(Envelope<CounterMessage.Added> envelope, WorkerContext context) throws Exception {
                Thread.sleep(5);
                slow.add(envelope);
            }
        }, WorkerOptions.defaults().withMailboxCapacity(2).withOverflowPolicy(OverflowPolicy.REJECT).withMaxBatch(1));
        runtime.subscribe(CounterMessage.Added.class, slowProbe);
        for (int i = 0; i < events; i++) {
            runtime.deliver(add("m-" + i, "a", 1, null)); // queued before start: published in one burst
        }
        runtime.start();

        await().atMost(WAIT).until(() -> fast.size() == events && slow.size() == events);
        assertThat(slow).extracting(Envelope::messageId).doesNotHaveDuplicates()
                .containsExactlyElementsOf(fast.stream().map(Envelope::messageId).toList());
        assertThat(runtime.deadLetters().open()).isEmpty();
        runtime.shutdown();
        assertThat(outboxIds(a)).as("each entry left the outbox once every subscriber had it").isEmpty();
    }

    @Test
    void theReplyCallbacksOfOneLoopTurnCommitTogether() throws Exception {
        Database asker = open("asker");
        Database target = open("target");
        int requests = 20;
        CountDownLatch allAnswered = new CountDownLatch(1);
        AtomicInteger answers = new AtomicInteger();
        WorkerRuntime runtime = runtime("callbacks");
        register(runtime, "target", target);
        CountingDatabase counting = new CountingDatabase(asker);
        // Asks the target once per Add; each answer is written by its reply callback. The first callback waits
        // until every answer has been given, so the other answers are queued behind it in the same loop turn.
        Worker<CounterMessage> asking = new Worker<>() {
            @Override
            public void onMessage(Envelope<CounterMessage> envelope, WorkerContext context) {
                if (envelope.payload() instanceof CounterMessage.Add add) {
                    context.request(CounterWorker.address(add.forwardTo()),
                            new CounterMessage.AddAndTell(add.counter(), add.amount()), WAIT, (Reply<Long> reply) -> {
                                if (answers.getAndIncrement() == 0) {
                                    await().atMost(WAIT).until(() -> allAnswered.getCount() == 0);
                                }
                                CounterWorker.add(counting, "answers", 1);
                            });
                } else if (envelope.payload() instanceof CounterMessage.Get get) {
                    context.reply(get, CounterWorker.total(counting, get.counter()));
                }
            }
        };
        runtime.register(CounterWorker.address("asker"), new InboxWorker<>(asking, counting, runtime,
                new CounterCodec()));
        for (int i = 0; i < requests; i++) {
            runtime.deliver(add("ask-" + i, "asker", 1, "target")); // queued before start: one batch
        }
        runtime.start();
        await().atMost(WAIT).until(() -> total(runtime, "target", "x") == requests);
        allAnswered.countDown();

        await().atMost(WAIT).until(() -> total(runtime, "asker", "answers") == requests);
        assertThat(counting.units).as("onStart, the batch of requests, one unit for the %d reply callbacks, the "
                + "queries (not one commit per callback)", requests).isLessThan(requests / 2);
        runtime.shutdown();
        assertThat(CounterWorker.total(asker, "answers")).as("committed").isEqualTo(requests);
    }

    /**
     * Issue 14 item 5: with {@link InboxWorker#holdingRequests()} a request leaves only with the commit of the
     * handling that made it. A message that writes, asks another worker and then fails (rolled back, retried, then
     * dead-lettered) asks nobody; the ordinary worker's requests leave at once, so every failed attempt's request
     * takes effect at the target although the sender's own write is gone.
     */
    @Test
    void aHeldRequestLeavesOnlyWithItsSenderSCommit() throws Exception {
        assertThat(targetTotalAfterAFailingAsk(true, "held")).as("only the two committed asks reached the target")
                .isEqualTo(2);
        assertThat(targetTotalAfterAFailingAsk(false, "direct"))
                .as("the ordinary worker: each of the failing message's 2 attempts asked too").isEqualTo(4);
    }

    private long targetTotalAfterAFailingAsk(boolean hold, String name) throws Exception {
        Database asker = open(name + "_asker");
        Database target = open(name + "_target");
        WorkerRuntime runtime = runtime(name);
        String targetName = name + "-target";
        register(runtime, targetName, target);
        Worker<CounterMessage> asking = new Worker<>() {
            @Override
            public void onMessage(Envelope<CounterMessage> envelope, WorkerContext context) {
                if (envelope.payload() instanceof CounterMessage.Add add) {
                    CounterWorker.add(asker, "asked", 1);
                    context.request(CounterWorker.address(add.forwardTo()),
                            new CounterMessage.AddAndTell(add.counter(), 1), WAIT, (Reply<Long> reply) -> { });
                    if (add.amount() < 0) {
                        throw new IllegalStateException("refused after asking");
                    }
                } else if (envelope.payload() instanceof CounterMessage.Get get) {
                    context.reply(get, CounterWorker.total(asker, get.counter()));
                }
            }
        };
        InboxWorker<CounterMessage> wrapped = new InboxWorker<>(asking, asker, runtime, new CounterCodec());
        String askerName = name + "-asker";
        runtime.register(CounterWorker.address(askerName), hold ? wrapped.holdingRequests() : wrapped,
                WorkerOptions.defaults().withRetryPolicy(RetryPolicy.attempts(2, Duration.ofMillis(1),
                        Duration.ofMillis(1))));
        runtime.deliver(add("ok-1", askerName, 1, targetName));
        runtime.deliver(add("bad", askerName, -1, targetName));
        runtime.deliver(add("ok-2", askerName, 1, targetName));
        runtime.start();
        await().atMost(WAIT).until(() -> runtime.deadLetters().open().size() == 1);
        await().atMost(WAIT).until(() -> total(runtime, askerName, "asked") == 2);
        // Let any request still on its way arrive before the count.
        await().pollDelay(Duration.ofMillis(300)).atMost(WAIT).until(() -> total(runtime, targetName, "x") >= 2);
        long atTarget = total(runtime, targetName, "x");
        runtime.shutdown();
        return atTarget;
    }

    @Test
    void unitOfWorkJoinsCallsAndRollsBackAStepAlone() throws Exception {
        Database db = open("unit");
        try (UnitOfWork unit = db.begin()) {
            CounterWorker.add(db, "x", 1);
            assertThatThrownBy(() -> unit.step(() -> {
                CounterWorker.add(db, "x", 10);
                throw new IllegalStateException("step refused");
            })).hasMessage("step refused");
            assertThatThrownBy(() -> db.inTransaction(c -> {
                c.createStatement().executeUpdate("INSERT INTO counters (name, total) VALUES ('x', 0)"); // duplicate key
                return null;
            })).isNotNull();
            unit.step(() -> CounterWorker.add(db, "x", 2));
            assertThat(CounterWorker.total(db, "x")).as("reads inside the unit see its writes").isEqualTo(3);
            assertThat(unit.writes()).isEqualTo(4);
            assertThatThrownBy(db::begin).isInstanceOf(IllegalStateException.class);
            unit.commit();
        }
        assertThat(CounterWorker.total(db, "x")).isEqualTo(3);
        try (UnitOfWork unit = db.begin()) {
            CounterWorker.add(db, "x", 100);
        }
        assertThat(CounterWorker.total(db, "x")).as("closed without commit: rolled back").isEqualTo(3);
    }

    // ---- helpers ----

    protected WorkerRuntime runtime(String name) {
        WorkerRuntime runtime = WorkerRuntime.create(RuntimeConfig.defaults(name));
        runtimes.add(runtime);
        return runtime;
    }

    protected static void register(WorkerRuntime runtime, String name, Database db) {
        runtime.register(CounterWorker.address(name), new InboxWorker<>(new CounterWorker(db), db, runtime,
                new CounterCodec()));
    }

    protected static void probe(WorkerRuntime runtime, Queue<Envelope<?>> seen) {
        Address<CounterMessage.Added> probe = Address.of("probe",
                CounterMessage.Added.class);
        runtime.register(probe, new Worker<>() {
            @Override
            public void onMessage(Envelope<CounterMessage.Added> envelope, WorkerContext context) {
                seen.add(envelope);
            }
        });
        runtime.subscribe(CounterMessage.Added.class, probe);
    }

    protected static Envelope<CounterMessage> add(String id, String target, long amount, String forwardTo) {
        return new Envelope<>(id, "Add", "corr-" + id, null, "external", target, Instant.now(),
                new CounterMessage.Add("x", amount, forwardTo));
    }

    protected static long total(WorkerRuntime runtime, String worker, String counter) throws Exception {
        Reply<Long> reply = runtime.request(CounterWorker.address(worker), new CounterMessage.Get(counter), null,
                WAIT).get();
        return ((Reply.Success<Long>) reply).value();
    }

    static List<String> handled(Database db) {
        return strings(db, "SELECT message_id FROM inbox ORDER BY message_id");
    }

    static List<String> outboxIds(Database db) {
        return strings(db, "SELECT message_id FROM outbox ORDER BY seq");
    }

    private static List<String> strings(Database db, String sql) {
        return db.read(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    /** Counts units of work begun; delegates everything else. Thread ownership: as the wrapped database. */
    static final class CountingDatabase implements Database {
        private final Database db;
        volatile int units;

        CountingDatabase(Database db) {
            this.db = db;
        }

        @Override
        public void ping() {
            db.ping();
        }

        @Override
        public <T> T inTransaction(SqlWork<T> work) {
            return db.inTransaction(work);
        }

        @Override
        public <T> T read(SqlWork<T> work) {
            return db.read(work);
        }

        @Override
        public UnitOfWork begin() {
            units++;
            return db.begin();
        }

        @Override
        public void close() {
            db.close();
        }
    }
}

package dev.crystal.store.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crystal.runtime.Address;
import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.RuntimeConfig;
import dev.crystal.runtime.Worker;
import dev.crystal.runtime.WorkerContext;
import dev.crystal.runtime.WorkerRuntime;
import dev.crystal.store.Database;
import dev.crystal.store.PostgresDatabase;
import dev.crystal.store.PostgresSettings;
import dev.crystal.testsupport.PostgresTestSchemas;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes (two runtimes, two connection pools) whose {@link InboxWorker}s write the outbox of one PostgreSQL
 * schema at the same time, as after a takeover whose old holder still runs: sequence numbers come from the
 * database, so neither collides on {@code outbox_pkey}. Thread ownership: the JUnit thread.
 */
class TwoWriterOutboxTest {
    private static final int MESSAGES_PER_NODE = 150;

    private static final PostgresSettings SETTINGS = PostgresSettings.of(PostgresTestSchemas.URL,
            PostgresTestSchemas.USER, PostgresTestSchemas.PASSWORD);
    private final PostgresTestSchemas schemas = new PostgresTestSchemas("outbox2");
    private final List<WorkerRuntime> runtimes = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        runtimes.forEach(WorkerRuntime::shutdownNow);
        schemas.dropAll();
    }

    @Test
    void twoWritersOnOneSchemaNeverCollideOnOutboxKeys() throws Exception {
        Database first = schemas.open("shared", schema -> PostgresDatabase.open(SETTINGS, schema, CounterWorker.MIGRATIONS));
        Database second = schemas.open("shared", schema -> PostgresDatabase.open(SETTINGS, schema, CounterWorker.MIGRATIONS));
        Queue<Envelope<?>> seen = new ConcurrentLinkedQueue<>();
        WorkerRuntime nodeA = node("node-a", first, seen);
        WorkerRuntime nodeB = node("node-b", second, seen);
        nodeA.start();
        nodeB.start();

        Thread feederB = Thread.ofPlatform().start(() -> feed(nodeB, "b"));
        feed(nodeA, "a");
        feederB.join();

        await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() == 2 * MESSAGES_PER_NODE);
        assertThat(seen).extracting(Envelope::messageId).doesNotHaveDuplicates();
        assertThat(nodeA.deadLetters().open()).as("no unit failed on a duplicate outbox key").isEmpty();
        assertThat(nodeB.deadLetters().open()).isEmpty();
        assertThat(CounterWorker.total(first, "x")).isEqualTo(2L * MESSAGES_PER_NODE);
        nodeA.shutdown();
        nodeB.shutdown();
        assertThat(InboxWorkerContract.outboxIds(first)).isEmpty();
    }

    private WorkerRuntime node(String name, Database db, Queue<Envelope<?>> seen) {
        WorkerRuntime runtime = WorkerRuntime.create(RuntimeConfig.defaults(name));
        runtimes.add(runtime);
        runtime.register(CounterWorker.address("counter"), new InboxWorker<>(new CounterWorker(db), db, runtime,
                new CounterCodec()));
        Address<CounterMessage.Added> probe = Address.of("probe", CounterMessage.Added.class);
        runtime.register(probe, new Worker<>() {
            @Override
            public void onMessage(Envelope<CounterMessage.Added> envelope, WorkerContext context) {
                seen.add(envelope);
            }
        });
        runtime.subscribe(CounterMessage.Added.class, probe);
        return runtime;
    }

    private static void feed(WorkerRuntime runtime, String node) {
        for (int i = 0; i < MESSAGES_PER_NODE; i++) {
            String id = node + "-" + i;
            runtime.deliver(new Envelope<>(id, "Add", "corr-" + id, null, "external", "counter", Instant.now(),
                    new CounterMessage.Add("x", 1, null)));
        }
    }
}

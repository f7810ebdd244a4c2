package dev.crystal.store.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.Reply;
import dev.crystal.runtime.RuntimeConfig;
import dev.crystal.runtime.WorkerRuntime;
import dev.crystal.store.Database;
import dev.crystal.store.SqliteDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever the duplicates and their order, a counter behind an {@link InboxWorker} ends where it would without
 * duplicates, and every message is announced once. Thread ownership: the jqwik thread.
 */
class DuplicateDeliveryProperties {

    @Property(tries = 25)
    void duplicatesChangeNothing(@ForAll("amounts") List<Integer> amounts, @ForAll("seeds") long seed)
            throws Exception {
        Random random = new Random(seed);
        List<Envelope<CounterMessage>> deliveries = new ArrayList<>();
        for (int i = 0; i < amounts.size(); i++) {
            Envelope<CounterMessage> message = new Envelope<>("m-" + i, "Add", "c-" + i, null, "external", "a",
                    Instant.now(), new CounterMessage.Add("x", amounts.get(i), null));
            int copies = 1 + random.nextInt(3);
            for (int c = 0; c < copies; c++) {
                deliveries.add(message);
            }
        }
        Collections.shuffle(deliveries, random);
        int beforeStart = random.nextInt(deliveries.size() + 1);
        long expected = amounts.stream().mapToLong(Integer::longValue).sum();

        Path dir = Files.createTempDirectory("crystal-inbox-property");
        Database db = SqliteDatabase.open(dir.resolve("a.db"), CounterWorker.MIGRATIONS);
        WorkerRuntime runtime = WorkerRuntime.create(RuntimeConfig.defaults("property"));
        try {
            Queue<Envelope<?>> seen = new ConcurrentLinkedQueue<>();
            InboxWorkerContract.register(runtime, "a", db);
            InboxWorkerContract.probe(runtime, seen);
            deliveries.subList(0, beforeStart).forEach(runtime::deliver); // one batch, duplicates inside it
            runtime.start();
            deliveries.subList(beforeStart, deliveries.size()).forEach(runtime::deliver);
            Reply<Long> total = runtime.request(CounterWorker.address("a"), new CounterMessage.Get("x"), null,
                    Duration.ofSeconds(10)).get();
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() >= amounts.size());

            assertThat(total).isEqualTo(Reply.success(expected));
            assertThat(seen).extracting(Envelope::messageId).doesNotHaveDuplicates().hasSize(amounts.size());
        } finally {
            runtime.shutdownNow();
            db.close();
            delete(dir);
        }
    }

    @Provide
    Arbitrary<List<Integer>> amounts() {
        return Arbitraries.integers().between(1, 1_000).list().ofMinSize(1).ofMaxSize(12);
    }

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}

package dev.crystal.runtime;

import static dev.crystal.runtime.TestMessages.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crystal.runtime.TestMessages.Account;
import dev.crystal.runtime.TestMessages.Deposit;
import dev.crystal.runtime.TestMessages.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BatchAndPartitionTest {
    private final WorkerRuntime runtime = WorkerRuntime.create(config("batch"));

    @AfterEach
    void stop() {
        runtime.shutdownNow();
    }

    @Test
    void messagesQueuedWhileBusyAreHandledAsOneBatch() throws Exception {
        Address<Text> store = Address.of("store", Text.class);
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> batches = new CopyOnWriteArrayList<>();
        List<String> pendingWrites = new ArrayList<>();
        List<List<String>> commits = new CopyOnWriteArrayList<>();
        runtime.register(store, new Worker<>() {
            @Override
            public void onMessage(Envelope<Text> envelope, WorkerContext context) throws Exception {
                if (envelope.payload().value().equals("block")) {
                    release.await();
                    return;
                }
                pendingWrites.add(envelope.payload().value());
            }

            @Override
            public void onBatchEnd(int count, WorkerContext context) {
                batches.add(count);
                commits.add(List.copyOf(pendingWrites));
                pendingWrites.clear();
            }
        }, WorkerOptions.defaults().withMaxBatch(50));
        runtime.start();
        runtime.send(store, new Text("block"), null);
        await().until(() -> runtime.health().get(0).mailboxDepth() == 0);
        for (int i = 0; i < 120; i++) {
            runtime.send(store, new Text("w" + i), null);
        }
        release.countDown();
        await().until(() -> commits.stream().mapToInt(List::size).sum() == 120);
        assertThat(batches).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(50));
        assertThat(batches.stream().mapToInt(Integer::intValue).sum()).isEqualTo(121);
        assertThat(batches).contains(50);
        assertThat(commits.stream().flatMap(List::stream).toList())
                .containsExactlyElementsOf(IntStream.range(0, 120).mapToObj(i -> "w" + i).toList());
    }

    @Test
    void partitionsKeepPerKeyOrderAndSpreadKeys() throws Exception {
        Address<Account> balances = Address.of("balances", Account.class);
        Map<String, List<Long>> seenByKey = new ConcurrentHashMap<>();
        Map<String, String> threadByKey = new ConcurrentHashMap<>();
        AtomicInteger instances = new AtomicInteger();
        AtomicInteger total = new AtomicInteger();
        runtime.registerPartitioned(balances, 4, msg -> ((Deposit) msg).account(), () -> {
            instances.incrementAndGet();
            return (Worker<Account>) (envelope, ctx) -> {
                Deposit d = (Deposit) envelope.payload();
                seenByKey.computeIfAbsent(d.account(), k -> new CopyOnWriteArrayList<>()).add(d.amount());
                String previous = threadByKey.putIfAbsent(d.account(), Thread.currentThread().getName());
                if (previous != null && !previous.equals(Thread.currentThread().getName())) {
                    throw new AssertionError("key " + d.account() + " moved threads");
                }
                total.incrementAndGet();
            };
        });
        runtime.start();
        int keys = 16;
        int perKey = 200;
        Thread[] producers = new Thread[2];
        for (int p = 0; p < producers.length; p++) {
            int half = p;
            producers[p] = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < perKey; i++) {
                    for (int k = half; k < keys; k += 2) {
                        while (!runtime.send(balances, new Deposit("acc-" + k, i), null).accepted()) {
                            Thread.onSpinWait();
                        }
                    }
                }
            });
        }
        for (Thread t : producers) {
            t.join(TimeUnit.SECONDS.toMillis(20));
        }
        await().until(() -> total.get() == keys * perKey);
        assertThat(instances.get()).isEqualTo(4);
        assertThat(runtime.deadLetters().open()).isEmpty();
        seenByKey.forEach((key, amounts) -> assertThat(amounts).as(key).isSorted().hasSize(perKey));
        assertThat(runtime.health()).extracting(WorkerHealth::name)
                .containsExactly("balances#0", "balances#1", "balances#2", "balances#3");
        assertThat(runtime.health()).filteredOn(h -> h.processed() > 0).hasSizeGreaterThan(1);
        assertThat(threadByKey.values().stream().distinct().count()).isGreaterThan(1);
    }
}

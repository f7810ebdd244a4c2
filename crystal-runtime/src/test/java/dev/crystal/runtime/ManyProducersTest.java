package dev.crystal.runtime;

import static dev.crystal.runtime.TestMessages.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crystal.runtime.TestMessages.Deposit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ManyProducersTest {
    private final WorkerRuntime runtime = WorkerRuntime.create(config("many"));

    @AfterEach
    void stop() {
        runtime.shutdownNow();
    }

    @Test
    void producersFillingASmallMailboxLoseNothingAndKeepTheirOwnOrder() throws Exception {
        Address<Deposit> sink = Address.of("sink", Deposit.class);
        Map<String, List<Long>> seen = new HashMap<>(); // written only by the worker thread
        AtomicInteger total = new AtomicInteger();
        runtime.register(sink, (env, ctx) -> {
            seen.computeIfAbsent(env.payload().account(), k -> new ArrayList<>()).add(env.payload().amount());
            total.incrementAndGet();
        }, WorkerOptions.defaults().withMailboxCapacity(16).withSendTimeout(Duration.ofSeconds(10)));
        runtime.start();
        int producers = 4;
        int each = 5_000;
        List<Thread> threads = new ArrayList<>();
        AtomicInteger refused = new AtomicInteger();
        for (int p = 0; p < producers; p++) {
            String name = "p" + p;
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < each; i++) {
                    if (!runtime.send(sink, new Deposit(name, i), null).accepted()) {
                        refused.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread t : threads) {
            assertThat(t.join(Duration.ofSeconds(30))).isTrue();
        }
        assertThat(refused.get()).isZero();
        await().atMost(30, TimeUnit.SECONDS).until(() -> total.get() == producers * each);
        runtime.shutdown();
        assertThat(seen).hasSize(producers);
        seen.values().forEach(amounts -> assertThat(amounts).hasSize(each).isSorted());
        assertThat(runtime.health().get(0).highWaterMark()).isLessThanOrEqualTo(16);
    }
}

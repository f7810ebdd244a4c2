package dev.crystal.runtime;

import java.time.Duration;
import java.util.HashMap;

/** The example in docs/runtime.md: a custom worker with one handler per message type. */
final class CounterWorkerExample {
    sealed interface CounterMessage permits Add, Total {}
    record Add(String key, long amount) implements CounterMessage {}
    record Total(String key) implements CounterMessage, Request<Long> {}

    static Worker<CounterMessage> counter() {
        var totals = new HashMap<String, Long>(); // owned by the worker thread: no locks
        return Handlers.of(CounterMessage.class)
                .on(Add.class, (add, ctx) -> {
                    totals.merge(add.key(), add.amount(), Long::sum);
                    ctx.log().debug("added {} to {}", add.amount(), add.key()); // MDC has correlationId
                })
                .on(Total.class, (total, ctx) -> ctx.reply(total, totals.getOrDefault(total.key(), 0L)))
                .onBatchEnd((count, ctx) -> ctx.metrics().increment("counter.batches"))
                .build();
    }

    static long run() {
        Address<CounterMessage> address = Address.of("counter", CounterMessage.class);
        try (WorkerRuntime runtime = WorkerRuntime.create(RuntimeConfig.defaults("example"))) {
            runtime.register(address, counter(), WorkerOptions.defaults().withMailboxCapacity(4_096));
            runtime.start();
            runtime.send(address, new Add("bets", 3), "corr-1");
            runtime.send(address, new Add("bets", 4), "corr-1");
            Reply<Long> reply = runtime.request(address, new Total("bets"), "corr-1", Duration.ofSeconds(1)).join();
            return reply instanceof Reply.Success<Long>(Long value) ? value : -1;
        }
    }

    private CounterWorkerExample() {
    }
}

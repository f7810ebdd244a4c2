package dev.crystal.runtime;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The example in docs/runtime.md: a custom worker that switches over its sealed message type. */
final class CounterWorkerExample {
    sealed interface CounterMessage permits Add, Total {}
    record Add(String key, long amount) implements CounterMessage {}
    record Total(String key) implements CounterMessage, Request<Long> {}

    /** Owns its totals: only the worker's thread calls it, so no locks. */
    static final class CounterWorker implements Worker<CounterMessage> {
        private final Map<String, Long> totals = new HashMap<>();

        @Override
        public void onMessage(Envelope<CounterMessage> envelope, WorkerContext ctx) {
            switch (envelope.payload()) { // exhaustive: a new message type does not compile until handled
                case Add add -> {
                    totals.merge(add.key(), add.amount(), Long::sum);
                    ctx.log().debug("added {} to {}", add.amount(), add.key()); // MDC has correlationId
                }
                case Total total -> ctx.reply(total, totals.getOrDefault(total.key(), 0L));
            }
        }

        @Override
        public void onBatchEnd(int count, WorkerContext ctx) {
            ctx.metrics().increment("counter.batches");
        }
    }

    static Worker<CounterMessage> counter() {
        return new CounterWorker();
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

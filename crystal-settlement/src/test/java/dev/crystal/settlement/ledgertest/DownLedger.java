package dev.crystal.settlement.ledgertest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.ReplyFailure;
import dev.crystal.runtime.Worker;
import dev.crystal.runtime.WorkerContext;
import dev.crystal.runtime.WorkerRuntime;
import dev.crystal.settlement.contracts.Addresses;
import dev.crystal.settlement.contracts.BalanceCommand;
import dev.crystal.settlement.contracts.BalanceReply;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A ledger that is down, for the back-off tests of every domain that asks it (issue 14 item 3): fails every posting
 * at once and counts the asks per posting (a transfer's posting id, a settlement's id); answers an orphan scan with
 * nothing. Thread ownership: its worker thread writes the counters, the test thread reads them.
 */
public final class DownLedger implements Worker<BalanceCommand> {
    private final Map<String, AtomicInteger> asks = new ConcurrentHashMap<>();

    @Override
    public void onMessage(Envelope<BalanceCommand> envelope, WorkerContext context) {
        switch (envelope.payload()) {
            case BalanceCommand.PostTransfer transfer -> {
                asks.computeIfAbsent(transfer.postingId(), id -> new AtomicInteger()).incrementAndGet();
                context.replyHandle(transfer).fail(ReplyFailure.RECIPIENT_FAILURE, "ledger down");
            }
            case BalanceCommand.PostSettlement post -> {
                asks.computeIfAbsent(post.settlementId(), id -> new AtomicInteger()).incrementAndGet();
                context.replyHandle(post).fail(ReplyFailure.RECIPIENT_FAILURE, "ledger down");
            }
            case BalanceCommand.GetSettlementPostings scan ->
                    context.reply(scan, new BalanceReply.SettlementPostings(List.of(), null));
            default -> { }
        }
    }

    /** Asks per posting so far. */
    public Map<String, AtomicInteger> asks() {
        return asks;
    }

    /**
     * Registers this ledger at the balance address of {@code runtime} (with the asking domain already registered),
     * starts it, and checks that each of {@code items} postings is asked again on its own back-off: at least three
     * times each (0.5–1 s, then 1–2 s, then 2–4 s …), and never more often than a back-off doubling from 0.5 s allows
     * — about log2(t) + 2 asks in t seconds, where re-asking every item on each failure makes thousands.
     */
    public void assertAskedOnBackoff(WorkerRuntime runtime, int items, String what) throws InterruptedException {
        runtime.register(Addresses.BALANCE, this);
        long started = System.nanoTime();
        runtime.start();
        try {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(asks).hasSize(items);
                assertThat(asks.values()).allSatisfy(n -> assertThat(n.get()).isGreaterThanOrEqualTo(3));
            });
            Thread.sleep(500); // let a storm show, if there were one
            double seconds = (System.nanoTime() - started) / 1e9;
            int bound = (int) Math.ceil(Math.log(seconds / 0.5 + 1) / Math.log(2)) + 2;
            assertThat(asks.values()).as("asks per %s after %.1f s", what, seconds)
                    .allSatisfy(n -> assertThat(n.get()).isLessThanOrEqualTo(bound));
            int total = asks.values().stream().mapToInt(AtomicInteger::get).sum();
            assertThat(total).as("asks in all").isLessThanOrEqualTo(items * bound);
        } finally {
            runtime.shutdown();
        }
    }
}

package dev.crystal.server.http;

import dev.crystal.settlement.contracts.SettlementType;
import dev.crystal.settlement.kernel.Money;
import java.time.Instant;
import java.time.InstantSource;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Settlements answered by this server since it started, by outcome, and the money they moved by type (long minor
 * units, shown as decimal strings): the dashboard's business tiles. Counts what {@code POST
 * /collections/process-settlement} answered; a settlement answered 202 (pending) counts as pending even if it
 * completes later. Thread-safe and lock-free: request threads record, request threads read.
 */
final class SettlementTally {
    private final Instant since;
    private final LongAdder completed = new LongAdder();
    private final LongAdder pending = new LongAdder();
    private final Map<String, LongAdder> failedByError = new ConcurrentHashMap<>();
    private final Map<SettlementType, LongAdder> movedMinor = new EnumMap<>(SettlementType.class);

    SettlementTally(InstantSource clock) {
        this.since = clock.instant();
        for (SettlementType type : SettlementType.values()) {
            movedMinor.put(type, new LongAdder());
        }
    }

    /** A settlement of {@code amount} completed. */
    void completed(SettlementType type, Money amount) {
        completed.increment();
        movedMinor.get(type).add(amount.minor());
    }

    /** A settlement failed with {@code error} (for example {@code INSUFFICIENT_FUNDS}); no money moved. */
    void failed(String error) {
        failedByError.computeIfAbsent(error == null ? "UNKNOWN" : error, e -> new LongAdder()).increment();
    }

    /** A settlement was still running when its answer was due (202). */
    void pending() {
        pending.increment();
    }

    /**
     * {@code {since, settlements: {total, completed, failed, pending, failedByError}, moneyMoved: {payout,
     * collection}}} with the amounts as decimal strings.
     */
    Map<String, Object> view() {
        Map<String, Object> byError = new TreeMap<>();
        long failed = 0;
        for (Map.Entry<String, LongAdder> e : failedByError.entrySet()) {
            long n = e.getValue().sum();
            byError.put(e.getKey(), n);
            failed += n;
        }
        Map<String, Object> settlements = new LinkedHashMap<>();
        long done = completed.sum();
        long waiting = pending.sum();
        settlements.put("total", done + failed + waiting);
        settlements.put("completed", done);
        settlements.put("failed", failed);
        settlements.put("pending", waiting);
        settlements.put("failedByError", byError);
        Map<String, Object> moved = new LinkedHashMap<>();
        for (Map.Entry<SettlementType, LongAdder> e : movedMinor.entrySet()) {
            moved.put(e.getKey().wireName(), Money.ofMinor(e.getValue().sum()).toBigDecimal().toPlainString());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("since", since.toString());
        out.put("settlements", settlements);
        out.put("moneyMoved", moved);
        return out;
    }
}

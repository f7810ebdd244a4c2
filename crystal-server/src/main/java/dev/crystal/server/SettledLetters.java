package dev.crystal.server;

import dev.crystal.runtime.Address;
import dev.crystal.runtime.DeadLetter;
import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.Worker;
import dev.crystal.runtime.WorkerContext;
import dev.crystal.runtime.WorkerRuntime;
import dev.crystal.settlement.contracts.BalanceCommand;
import dev.crystal.settlement.contracts.CollectionsCommand;
import dev.crystal.settlement.contracts.SettlementProcessed;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves the dead letters of a settlement once the settlement completes another way (the client sent it again
 * under a new message id, or a retry did it): on each {@link SettlementProcessed}, the open letters whose message
 * was about that settlement are marked resolved ({@code settlement S completed later}). A letter for the same
 * message id resolves in the runtime itself. Thread ownership: its worker's thread owns the index of open letters,
 * re-read from the runtime at most every {@link #REFRESH_NANOS} and only while letters are open.
 */
final class SettledLetters implements Worker<SettlementProcessed> {
    static final Address<SettlementProcessed> ADDRESS = Address.of("settled-letters", SettlementProcessed.class);
    static final long REFRESH_NANOS = 1_000_000_000L;

    private final WorkerRuntime runtime;
    /** Open letters by the settlement their message was about. */
    private Map<String, List<String>> bySettlement = new HashMap<>();
    private long refreshedAt = System.nanoTime() - REFRESH_NANOS;

    SettledLetters(WorkerRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public void onMessage(Envelope<SettlementProcessed> envelope, WorkerContext context) {
        if (!runtime.deadLetters().hasOpen()) {
            return;
        }
        long now = System.nanoTime();
        if (now - refreshedAt >= REFRESH_NANOS) {
            refreshedAt = now;
            Map<String, List<String>> index = new HashMap<>();
            for (DeadLetter d : runtime.deadLetters().open()) {
                settlementOf(d.envelope().payload())
                        .ifPresent(id -> index.computeIfAbsent(id, k -> new ArrayList<>()).add(d.id()));
            }
            bySettlement = index;
        }
        String settlementId = envelope.payload().settlementId();
        List<String> letters = bySettlement.get(settlementId);
        if (letters == null) {
            return;
        }
        for (String letter : letters) {
            if (runtime.deadLetters().resolve(letter, "settlement " + settlementId + " completed later")) {
                context.log().info("dead letter {} resolved: settlement {} completed later", letter, settlementId);
            }
        }
        bySettlement.remove(settlementId);
    }

    /** The settlement a message is about, if it is one of the settlement's commands. */
    static Optional<String> settlementOf(Object payload) {
        return Optional.ofNullable(switch (payload) {
            case CollectionsCommand.ProcessSettlement p -> p.request().settlementId();
            case CollectionsCommand.ResumeSettlement r -> r.settlementId();
            case CollectionsCommand.RetrySettlement r -> r.settlementId();
            case BalanceCommand.PostSettlement p -> p.settlementId();
            default -> null;
        });
    }
}

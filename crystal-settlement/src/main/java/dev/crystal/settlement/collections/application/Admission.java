package dev.crystal.settlement.collections.application;

import dev.crystal.settlement.collections.domain.Settlement;
import dev.crystal.settlement.contracts.SettlementOutcome;

/** What collections does with a submitted settlement. */
public sealed interface Admission {
    /** First time seen: recorded as pending; the ledger must now be asked. */
    record Accepted(Settlement settlement) implements Admission {
    }

    /** Seen before and finished: answer with the original outcome, move nothing. */
    record AlreadyDone(SettlementOutcome outcome) implements Admission {
    }

    /** Seen before and still pending: wait for the same outcome. */
    record InProgress(Settlement settlement) implements Admission {
    }

    /** Same id, different fields. */
    record Conflicting(SettlementOutcome.Conflict conflict) implements Admission {
    }
}

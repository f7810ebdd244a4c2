package dev.crystal.settlement.freeplay.application;

import dev.crystal.settlement.kernel.Money;
import java.time.Instant;

/** One redemption request; POSTING until the ledger confirms the move to cash. */
public record Redemption(String redemptionId, String transactionId, Money amount, boolean posted, Instant requestedAt) {
}

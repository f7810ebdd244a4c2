package dev.crystal.settlement.balance.domain;

import dev.crystal.settlement.kernel.Money;

/**
 * Decides whether money may leave an account: customer cash and bonus accounts can only pay what
 * is available (balance minus holds); house, affiliate and external accounts may go negative.
 */
public final class TransferRule {
    private TransferRule() {
    }

    /** The outcome of checking a transfer. */
    public sealed interface Decision {
        record Allow(Posting posting) implements Decision {
        }

        record Refuse(Money available, Money required, Money shortfall) implements Decision {
        }
    }

    public static Decision decide(String postingId, String reference, AccountId from, AccountId to, Money amount,
                                  Money availableInFrom) {
        if (from.equals(to)) {
            throw new IllegalArgumentException("a transfer needs two different accounts");
        }
        if (from.kind().mustStayCovered() && availableInFrom.lessThan(amount)) {
            return new Decision.Refuse(availableInFrom, amount, amount.minus(availableInFrom));
        }
        return new Decision.Allow(Posting.transfer(postingId, reference, from, to, amount));
    }
}

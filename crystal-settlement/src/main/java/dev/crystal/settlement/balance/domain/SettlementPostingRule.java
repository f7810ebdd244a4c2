package dev.crystal.settlement.balance.domain;

import dev.crystal.settlement.contracts.SettlementType;
import dev.crystal.settlement.kernel.Money;

/**
 * Decides how a settlement moves money: a payout moves house → customer; a collection moves
 * customer → house and is refused when the customer's cash would go below zero.
 */
public final class SettlementPostingRule {
    private SettlementPostingRule() {
    }

    /** The outcome of applying the rule. */
    public sealed interface Decision {
        record Post(Posting posting, Money customerBalanceAfter) implements Decision {
        }

        record Refuse(Money balance, Money required, Money shortfall) implements Decision {
        }
    }

    public static String postingIdFor(String settlementId) {
        return "settlement:" + settlementId;
    }

    public static Decision decide(String settlementId, String customerId, SettlementType type, Money amount,
                                  Money customerBalance) {
        if (!amount.isPositive()) {
            throw new IllegalArgumentException("settlement amount must be positive, was " + amount);
        }
        AccountId customer = AccountId.customer(customerId);
        String postingId = postingIdFor(settlementId);
        return switch (type) {
            case PAYOUT -> new Decision.Post(
                    Posting.transfer(postingId, postingId, AccountId.HOUSE, customer, amount),
                    customerBalance.plus(amount));
            case COLLECTION -> customerBalance.lessThan(amount)
                    ? new Decision.Refuse(customerBalance, amount, amount.minus(customerBalance))
                    : new Decision.Post(Posting.transfer(postingId, postingId, customer, AccountId.HOUSE, amount),
                    customerBalance.minus(amount));
        };
    }
}

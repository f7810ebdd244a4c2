package dev.crystal.settlement.contracts;

import dev.crystal.settlement.kernel.Money;

/** Why a collection failed for lack of funds, as in the seed's SETTLEMENT_FAILED message. */
public record ErrorDetails(Money balance, Money required, Money shortfall) {
}

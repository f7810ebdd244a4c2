package dev.crystal.settlement.collections.domain;

import dev.crystal.settlement.contracts.ErrorDetails;
import dev.crystal.settlement.kernel.Money;

/**
 * Why the ledger refused a settlement: the closed set of failure kinds, each with the code and details callers
 * see in the settlement's outcome. Immutable values.
 */
public sealed interface SettlementFailure {

    /** The stable error code kept on the settlement ({@code error} in its view and outcome). */
    String code();

    /** The figures behind the failure, as shown to callers. */
    ErrorDetails details();

    /** The customer's balance when the ledger refused. */
    Money balance();

    /** A collection larger than the customer's cash. */
    record InsufficientFunds(Money balance, Money required, Money shortfall) implements SettlementFailure {
        @Override
        public String code() {
            return Settlement.INSUFFICIENT_FUNDS;
        }

        @Override
        public ErrorDetails details() {
            return new ErrorDetails(balance, required, shortfall);
        }
    }
}

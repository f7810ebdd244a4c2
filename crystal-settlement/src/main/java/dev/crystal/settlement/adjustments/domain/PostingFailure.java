package dev.crystal.settlement.adjustments.domain;

import dev.crystal.settlement.kernel.Money;

/**
 * Why the ledger did not post an adjustment: the closed set of failure kinds, each with the code an operator and
 * the HTTP answer see. Immutable values.
 */
public sealed interface PostingFailure {

    /** The stable error code kept on the adjustment and shown in its view. */
    String code();

    /** The customer's balance when the ledger refused, or {@code null} when there is none to show. */
    Money balance();

    /** A debit larger than the customer's cash. */
    record InsufficientFunds(Money balance) implements PostingFailure {
        @Override
        public String code() {
            return "INSUFFICIENT_FUNDS";
        }
    }

    /** The ledger has no such customer. */
    record CustomerNotFound() implements PostingFailure {
        @Override
        public String code() {
            return "CUSTOMER_NOT_FOUND";
        }

        @Override
        public Money balance() {
            return null;
        }
    }
}

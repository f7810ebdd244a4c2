package dev.crystal.settlement.contracts;

import dev.crystal.settlement.kernel.Money;
import java.time.Instant;

/**
 * One line of an account's history.
 *
 * @param cursor       position for pagination (larger is newer)
 * @param postingId    the posting the line belongs to
 * @param reference    what caused it
 * @param amount       change to the account (negative takes away)
 * @param balanceAfter the account's running balance after this line
 * @param at           when it was posted
 */
public record LedgerLine(long cursor, String postingId, String reference, Money amount, Money balanceAfter,
                         Instant at) {
}

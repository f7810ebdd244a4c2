package dev.crystal.server.load;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What one generated request does. Kinds whose route may not exist on the target (bonuses and
 * redemptions come with the free-play domain) carry a probe path and are skipped, with a note,
 * when the target has no such route (404 {@code NOT_FOUND} or 405).
 */
public enum OperationKind {
    /** The house pays a customer: {@code POST /collections/process-settlement} with {@code type=payout}. */
    PAYOUT(null),
    /** A customer pays the house an amount the balance covers. */
    COLLECTION(null),
    /** A collection larger than any balance: answered {@code failed} with {@code INSUFFICIENT_FUNDS}. */
    OVERDRAFT(null),
    /** A free-play bonus issued to a customer: {@code POST /bonuses} (wagering requirement 1×, expiring in a day). */
    BONUS("/bonuses"),
    /** A partial redemption of a bonus issued earlier in the run: {@code POST /bonuses/{id}/redeem}. */
    REDEMPTION("/bonuses/LOAD_PROBE/redeem");

    private final String probePath;

    OperationKind(String probePath) {
        this.probePath = probePath;
    }

    /** The route to probe before using this kind, if it is not part of the foundation API. */
    public Optional<String> probePath() {
        return Optional.ofNullable(probePath);
    }

    /** The name used in {@code --mix}: lower case. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a {@code --mix} name. */
    public static OperationKind fromWireName(String name) {
        return Arrays.stream(values()).filter(k -> k.wireName().equals(name.trim().toLowerCase(Locale.ROOT)))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("unknown operation '" + name
                        + "' (known: payout, collection, overdraft, bonus, redemption)"));
    }
}

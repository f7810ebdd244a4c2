package dev.crystal.server.load;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What one generated request does. Kinds whose route may not exist on the target (bonuses and
 * redemptions arrive with the freeplay domain) carry a probe path and are skipped, with a note,
 * when the target answers 404 there.
 */
public enum OperationKind {
    /** The house pays a customer: {@code POST /collections/process-settlement} with {@code type=payout}. */
    PAYOUT(null),
    /** A customer pays the house an amount the balance covers. */
    COLLECTION(null),
    /** A collection larger than any balance: answered {@code failed} with {@code INSUFFICIENT_FUNDS}. */
    OVERDRAFT(null),
    /** A free-play bonus issued to a customer. */
    BONUS("/freeplay/bonuses"),
    /** A partial redemption of free play. */
    REDEMPTION("/freeplay/redemptions");

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

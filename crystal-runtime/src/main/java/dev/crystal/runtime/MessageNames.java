package dev.crystal.runtime;

import java.util.Objects;

/**
 * The one rule that names a message type: the record's simple class name in UPPER_SNAKE_CASE
 * ({@code SettlementProcessed} → {@code SETTLEMENT_PROCESSED}, {@code BalanceCommand.PostSettlement} →
 * {@code POST_SETTLEMENT}). The runtime stamps it on every envelope it builds, and the message catalogue, the
 * wire registry, {@code crystal decode}/{@code tail}, dead letters, metrics and logs all use the same name.
 * Stateless apart from a per-class cache; thread-safe.
 */
public final class MessageNames {
    private static final ClassValue<String> NAMES = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
            return of(type.getSimpleName());
        }
    };

    private MessageNames() {
    }

    /** The message type name of a payload class; computed once per class. */
    public static String of(Class<?> type) {
        return NAMES.get(Objects.requireNonNull(type, "type"));
    }

    /** {@code SettlementProcessed} → {@code SETTLEMENT_PROCESSED}; an UPPER_SNAKE name stays as it is. */
    public static String of(String simpleName) {
        Objects.requireNonNull(simpleName, "simpleName");
        StringBuilder out = new StringBuilder(simpleName.length() + 8);
        for (int i = 0; i < simpleName.length(); i++) {
            char c = simpleName.charAt(i);
            if (Character.isUpperCase(c) && i > 0) {
                char before = simpleName.charAt(i - 1);
                boolean nextLower = i + 1 < simpleName.length() && Character.isLowerCase(simpleName.charAt(i + 1));
                if (Character.isLowerCase(before) || Character.isDigit(before)
                        || (Character.isUpperCase(before) && nextLower)) {
                    out.append('_');
                }
            }
            out.append(Character.toUpperCase(c));
        }
        return out.toString();
    }
}

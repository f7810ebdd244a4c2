package dev.crystal.jobs.sqlite;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Maps public job ids to rows: generated ids are the row's sequence number (digits), custom ids are
 * never all digits. Stateless.
 */
final class JobKeys {
    /** Placeholder condition bound by {@link #bind}: queue, then seq or custom id. */
    static final String BY_SEQ = "queue = ? AND seq = ?";
    static final String BY_CUSTOM_ID = "queue = ? AND custom_id = ?";

    private JobKeys() {
    }

    static boolean isGenerated(String id) {
        if (id.isEmpty() || id.length() > 18) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            if (!Character.isDigit(id.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static String where(String id) {
        return isGenerated(id) ? BY_SEQ : BY_CUSTOM_ID;
    }

    /** Both variants of a statement with one {@code %s} for the key condition: [by seq, by custom id]. */
    static String[] variants(String sqlWithKey) {
        return new String[] {sqlWithKey.formatted(BY_SEQ), sqlWithKey.formatted(BY_CUSTOM_ID)};
    }

    /** The variant of {@link #variants} matching {@code id}. */
    static String pick(String[] variants, String id) {
        return isGenerated(id) ? variants[0] : variants[1];
    }

    /** Binds queue and id at {@code index} and {@code index + 1}; returns the next free index. */
    static int bind(PreparedStatement statement, int index, String queue, String id) throws SQLException {
        statement.setString(index, queue);
        if (isGenerated(id)) {
            statement.setLong(index + 1, Long.parseLong(id));
        } else {
            statement.setString(index + 1, id);
        }
        return index + 2;
    }

    static String idOf(long seq, String customId) {
        return customId != null ? customId : Long.toString(seq);
    }
}

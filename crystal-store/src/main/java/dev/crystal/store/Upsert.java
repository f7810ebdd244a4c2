package dev.crystal.store;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** Portable insert-or-update SQL (SQLite 3.24+ and PostgreSQL 9.5+ share the syntax); stateless. */
public final class Upsert {
    private Upsert() {
    }

    /**
     * {@code INSERT INTO table (columns) VALUES (?, …) ON CONFLICT (keys) DO UPDATE SET c = excluded.c}
     * for every column that is not a key: the replacement a row with those keys gets.
     *
     * @param columns comma-separated column list, in bind order
     * @param keys    the primary-key columns, which must appear in {@code columns}
     */
    public static String sql(String table, String columns, String... keys) {
        List<String> names = Arrays.stream(columns.split(",")).map(String::strip).toList();
        List<String> keyList = List.of(keys);
        if (!names.containsAll(keyList)) {
            throw new IllegalArgumentException("keys " + keyList + " are not all among " + names);
        }
        String parameters = names.stream().map(n -> "?").collect(Collectors.joining(", "));
        String updates = names.stream().filter(n -> !keyList.contains(n))
                .map(n -> n + " = excluded." + n).collect(Collectors.joining(", "));
        return "INSERT INTO " + table + " (" + String.join(", ", names) + ") VALUES (" + parameters + ") ON CONFLICT ("
                + String.join(", ", keyList) + ") DO UPDATE SET " + updates;
    }
}

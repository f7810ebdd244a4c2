package dev.crystal.store.keys;

import dev.crystal.store.Database;
import dev.crystal.store.InstantText;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * API keys in the {@code api_keys} table (migration {@value #MIGRATIONS}) of their own {@link Database}:
 * {@code keys.db} in a data directory, or the {@code <prefix>keys} schema every node of a cluster shares.
 * Holds hashes only; the keys themselves are never stored.
 *
 * <p>Thread-safety: called from any request thread while a {@link Database} belongs to one thread at a time, so
 * one lock serialises every call (key changes are rare; lookups are cached by the caller).
 */
public final class JdbcApiKeyStore {
    /** Where the table's migrations are, for opening the database. */
    public static final String MIGRATIONS = "classpath:db/keys";
    private static final String COLUMNS = "id, name, role, customers, key_hash, created_at, revoked_at";

    private final Database db;
    private final ReentrantLock lock = new ReentrantLock();

    /** A store on {@code db}, opened with {@link #MIGRATIONS}. */
    public JdbcApiKeyStore(Database db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    /** Stores a new key. */
    public void insert(StoredApiKey key) {
        locked(() -> db.inTransaction(c -> {
            insert(c, key, null);
            return null;
        }));
    }

    /**
     * Stores {@code key} as the store's first admin key if no key was ever stored; at most one caller ever
     * succeeds, even when several nodes of a cluster start at once on an empty store.
     *
     * @return whether {@code key} was stored
     */
    public boolean insertFirst(StoredApiKey key) {
        return locked(() -> {
            try {
                return db.inTransaction(c -> {
                    if (count(c) > 0) {
                        return false;
                    }
                    insert(c, key, 1);
                    return true;
                });
            } catch (RuntimeException lostRace) {
                // another node stored its first key between our count and insert (unique bootstrap = 1)
                return db.read(c -> count(c) > 0) ? Boolean.FALSE : rethrow(lostRace);
            }
        });
    }

    private static Boolean rethrow(RuntimeException e) {
        throw e;
    }

    /** Every key, oldest first, revoked ones included. */
    public List<StoredApiKey> list() {
        return locked(() -> db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM api_keys ORDER BY created_at, id");
                 ResultSet rs = ps.executeQuery()) {
                List<StoredApiKey> keys = new ArrayList<>();
                while (rs.next()) {
                    keys.add(read(rs));
                }
                return keys;
            }
        }));
    }

    /**
     * Marks key {@code id} revoked at {@code at} (a second revoke keeps the first time).
     *
     * @return whether a key with that id exists
     */
    public boolean revoke(String id, Instant at) {
        return locked(() -> db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?")) {
                ps.setString(1, at.toString());
                ps.setString(2, id);
                return ps.executeUpdate() > 0;
            }
        }));
    }

    private static void insert(Connection c, StoredApiKey key, Integer bootstrap) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO api_keys (" + COLUMNS + ", bootstrap)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, key.id());
            ps.setString(2, key.name());
            ps.setString(3, key.role());
            ps.setString(4, String.join(",", key.customers()));
            ps.setString(5, key.keyHash());
            ps.setString(6, key.createdAt().toString());
            ps.setString(7, key.revokedAt() == null ? null : key.revokedAt().toString());
            if (bootstrap == null) {
                ps.setNull(8, Types.INTEGER);
            } else {
                ps.setInt(8, bootstrap);
            }
            ps.executeUpdate();
        }
    }

    private static int count(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM api_keys");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static StoredApiKey read(ResultSet rs) throws SQLException {
        String customers = rs.getString(4);
        String revoked = rs.getString(7);
        return new StoredApiKey(rs.getString(1), rs.getString(2), rs.getString(3),
                customers == null || customers.isEmpty() ? List.of() : Arrays.asList(customers.split(",")),
                rs.getString(5), InstantText.parse(rs.getString(6)), revoked == null ? null : InstantText.parse(revoked));
    }

    private <T> T locked(Supplier<T> work) {
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }
}

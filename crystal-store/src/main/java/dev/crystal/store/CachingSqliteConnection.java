package dev.crystal.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.sqlite.SQLiteConnection;
import org.sqlite.jdbc4.JDBC4Connection;
import org.sqlite.jdbc4.JDBC4PreparedStatement;

/**
 * The SQLite connection of a {@link SqliteDatabase}, with a prepared-statement cache and cheap savepoints.
 *
 * <ul>
 *   <li><b>Statement cache.</b> {@link #prepareStatement(String)} hands out the statement it prepared the last time
 *       for the same SQL (least recently used beyond {@value #CAPACITY} are finalised); closing it resets it and
 *       returns it to the cache instead of finalising it, so the usual try-with-resources code compiles the SQL
 *       ({@code sqlite3_prepare}) once per connection, not once per call. A statement asked for while its cached
 *       copy is still open (a nested use) is prepared afresh and finalised on close.</li>
 *   <li><b>Savepoints.</b> {@link #setSavepoint()}, {@link #releaseSavepoint} and {@link #rollback(Savepoint)} run
 *       cached statements named by nesting level ({@code crystal_1}, {@code crystal_2}, …) instead of the driver's
 *       formatted, freshly compiled {@code SAVEPOINT SQLITE_SAVEPOINT_<n>}: the same semantics (a savepoint is
 *       released or rolled back with the ones inside it) at the cost of two prepared-statement steps.</li>
 * </ul>
 *
 * <p>{@link #close()} finalises every cached statement, then closes the connection.
 *
 * <p>Thread ownership: the thread that owns the connection (a domain's worker, or whoever holds the lock that
 * serialises a shared {@link SqliteDatabase}); the cache is a plain map.
 */
final class CachingSqliteConnection extends JDBC4Connection {
    /** Statements kept per connection; a domain's stores use a few dozen distinct SQL texts. */
    static final int CAPACITY = 256;
    private static final String SAVEPOINT_PREFIX = "crystal_";

    private final Map<String, CachedStatement> cache = new LinkedHashMap<>(64, 0.75f, true);
    private PreparedStatement[] savepoints = new PreparedStatement[0];
    private PreparedStatement[] releases = new PreparedStatement[0];
    private PreparedStatement[] rollbacks = new PreparedStatement[0];
    /** Savepoints open now (the innermost is {@code crystal_<depth>}). */
    private int depth;
    private long prepared;
    private long savepointsSet;

    CachingSqliteConnection(String url, String fileName, Properties properties) throws SQLException {
        super(url, fileName, properties);
    }

    /** How many statements this connection has compiled through {@link #prepareStatement(String)} (cache misses). */
    long prepared() {
        return prepared;
    }

    /** The statement for {@code sql}: the cached one if it is free, else a new one (cached when none is). */
    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        CachedStatement cached = cache.get(sql);
        if (cached != null && !cached.inUse && !cached.isClosed()) {
            cached.inUse = true;
            return cached;
        }
        prepared++;
        if (cached != null) {
            // nested use of the same SQL (or a statement finalised under us): a statement of its own
            return new CachedStatement(this, sql, false);
        }
        CachedStatement fresh = new CachedStatement(this, sql, true);
        fresh.inUse = true;
        cache.put(sql, fresh);
        if (cache.size() > CAPACITY) {
            evictEldest();
        }
        return fresh;
    }

    private void evictEldest() throws SQLException {
        Iterator<CachedStatement> it = cache.values().iterator();
        while (it.hasNext()) {
            CachedStatement eldest = it.next();
            if (!eldest.inUse) {
                it.remove();
                eldest.finalise();
                return;
            }
        }
    }

    /** How many savepoints have been set on this connection. */
    long savepointsSet() {
        return savepointsSet;
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        int level = depth + 1;
        if (level > savepoints.length) {
            grow(level);
        }
        savepoints[level - 1].executeUpdate();
        depth = level;
        savepointsSet++;
        return new Level(level);
    }

    @Override
    public void releaseSavepoint(Savepoint savepoint) throws SQLException {
        int level = open(savepoint);
        releases[level - 1].executeUpdate();
        depth = level - 1;
    }

    @Override
    public void rollback(Savepoint savepoint) throws SQLException {
        int level = open(savepoint);
        rollbacks[level - 1].executeUpdate();
        depth = level; // ROLLBACK TO keeps the savepoint itself open
    }

    @Override
    public void commit() throws SQLException {
        depth = 0;
        super.commit();
    }

    @Override
    public void rollback() throws SQLException {
        depth = 0;
        super.rollback();
    }

    private int open(Savepoint savepoint) throws SQLException {
        if (!(savepoint instanceof Level level) || level.level > depth) {
            throw new SQLException("savepoint " + savepoint + " is not open on this connection");
        }
        return level.level;
    }

    private void grow(int level) throws SQLException {
        savepoints = Arrays.copyOf(savepoints, level);
        releases = Arrays.copyOf(releases, level);
        rollbacks = Arrays.copyOf(rollbacks, level);
        String name = SAVEPOINT_PREFIX + level;
        savepoints[level - 1] = new JDBC4PreparedStatement(this, "SAVEPOINT " + name);
        releases[level - 1] = new JDBC4PreparedStatement(this, "RELEASE " + name);
        rollbacks[level - 1] = new JDBC4PreparedStatement(this, "ROLLBACK TO " + name);
    }

    /** Finalises every cached statement, then closes the connection. */
    @Override
    public void close() throws SQLException {
        SQLException failure = null;
        for (CachedStatement statement : cache.values()) {
            try {
                statement.finalise();
            } catch (SQLException e) {
                failure = e;
            }
        }
        cache.clear();
        for (PreparedStatement[] group : new PreparedStatement[][] {savepoints, releases, rollbacks}) {
            for (PreparedStatement statement : group) {
                try {
                    statement.close();
                } catch (SQLException e) {
                    failure = e;
                }
            }
        }
        super.close();
        if (failure != null) {
            throw failure;
        }
    }

    /** A savepoint of this connection: its nesting level. */
    private record Level(int level) implements Savepoint {
        @Override
        public int getSavepointId() {
            return level;
        }

        @Override
        public String getSavepointName() {
            return SAVEPOINT_PREFIX + level;
        }
    }

    /** A prepared statement whose {@link #close()} returns it to the cache (reset, parameters cleared). */
    static final class CachedStatement extends JDBC4PreparedStatement {
        private final boolean cached;
        private boolean inUse;

        CachedStatement(SQLiteConnection connection, String sql, boolean cached) throws SQLException {
            super(connection, sql);
            this.cached = cached;
        }

        @Override
        public void close() throws SQLException {
            if (!cached) {
                super.close();
                return;
            }
            inUse = false;
            if (isClosed()) {
                return;
            }
            rs.close(); // resets the statement (ends its read)
            clearBatch();
            clearParameters();
        }

        void finalise() throws SQLException {
            inUse = false;
            super.close();
        }
    }
}

package dev.crystal.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * One SQLite database file owned by one domain: schema migrated by Flyway on open, WAL journal,
 * {@code synchronous=FULL} so a committed money movement survives power loss ({@link Durability#RELAXED}, i.e.
 * {@code synchronous=NORMAL}, only for diagnostics such as the trace log).
 *
 * <p>The connection caches its prepared statements and runs savepoints as cached statements
 * ({@link CachingSqliteConnection}): a store's {@code prepareStatement} in try-with-resources compiles its SQL once.
 *
 * <p>Thread ownership: the single writing connection belongs to the domain's worker thread; it is
 * not shared. {@link #inTransaction} must only be called from that thread.
 */
public final class SqliteDatabase implements Database {
    private final Path file;
    private final CachingSqliteConnection connection;
    /** The open unit of work, or null; only the worker thread reads and writes it. */
    private BatchTransaction unit;
    /** Durable commits so far ({@link #commitsWritten()}): written by the worker thread, read by any (diagnostics). */
    private volatile long writeCommits;

    private SqliteDatabase(Path file, CachingSqliteConnection connection) {
        this.file = file;
        this.connection = connection;
    }

    /**
     * Opens (creating if needed) {@code file}, applies the Flyway migrations found at
     * {@code migrationLocation} (e.g. {@code "classpath:db/balance"}) and returns the database.
     *
     * @throws StoreException if the file cannot be opened or a migration fails
     */
    public static SqliteDatabase open(Path file, String migrationLocation) {
        return open(file, List.of(Objects.requireNonNull(migrationLocation, "migrationLocation")));
    }

    /**
     * Opens (creating if needed) {@code file} and applies the Flyway migrations of every location, e.g. a
     * domain's and {@code InboxWorker.MIGRATIONS}.
     *
     * @throws StoreException if the file cannot be opened or a migration fails
     */
    public static SqliteDatabase open(Path file, List<String> migrationLocations) {
        return open(file, migrationLocations, Durability.FULL);
    }

    /**
     * Opens (creating if needed) {@code file} with {@code durability} and applies the Flyway migrations of every
     * location.
     *
     * @throws StoreException if the file cannot be opened or a migration fails
     */
    public static SqliteDatabase open(Path file, List<String> migrationLocations, Durability durability) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(durability, "durability");
        if (migrationLocations.isEmpty()) {
            throw new IllegalArgumentException("no migration location for " + file);
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            SQLiteConfig config = config(durability);
            SQLiteDataSource dataSource = new SQLiteDataSource(config);
            String url = "jdbc:sqlite:" + file.toAbsolutePath();
            dataSource.setUrl(url);
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations(migrationLocations.toArray(String[]::new))
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
            CachingSqliteConnection connection = new CachingSqliteConnection(url, file.toAbsolutePath().toString(),
                    config.toProperties());
            connection.setAutoCommit(false);
            return new SqliteDatabase(file, connection);
        } catch (FlywayException e) {
            throw new StoreException("migrating " + file + " from " + String.join(", ", migrationLocations)
                    + " failed: " + e.getMessage(), e);
        } catch (SQLException | IOException e) {
            throw new StoreException("cannot open database " + file + ": " + e.getMessage(), e);
        }
    }

    /** Page cache per connection, KiB (SQLite's default is 2,000 KiB). */
    static final int CACHE_KIB = 32_768;
    /** Bytes of the file mapped into memory for reads. */
    static final long MMAP_BYTES = 256L * 1024 * 1024;

    private static SQLiteConfig config(Durability durability) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(durability == Durability.FULL ? SQLiteConfig.SynchronousMode.FULL
                : SQLiteConfig.SynchronousMode.NORMAL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout(5_000);
        // A larger page cache and a memory map keep the b-tree pages of random-key indexes in memory instead
        // of reading them back with a system call per page on every insert (measured in docs/benchmarks.md).
        config.setCacheSize(-CACHE_KIB);
        config.setPragma(SQLiteConfig.Pragma.MMAP_SIZE, Long.toString(MMAP_BYTES));
        // no store reads generated keys; the driver would otherwise run SELECT last_insert_rowid() after every INSERT
        config.setGetGeneratedKeys(false);
        return config;
    }

    @Override
    public <T> T inTransaction(SqlWork<T> work) {
        if (unit != null) {
            return unit.join(work, true);
        }
        T result = Transactions.run(connection, work, file.toString());
        writeCommits++;
        return result;
    }

    @Override
    public <T> T read(SqlWork<T> work) {
        if (unit != null) {
            return unit.join(work, false);
        }
        return Transactions.run(connection, work, file.toString());
    }

    @Override
    public UnitOfWork begin() {
        if (unit != null) {
            throw new IllegalStateException("a unit of work is already open on " + file);
        }
        unit = new BatchTransaction(connection, file.toString(), () -> unit = null, null, true, () -> writeCommits++);
        return unit;
    }

    /** Fails once closed; otherwise reads {@code SELECT 1} through a read-only connection of its own to the file. */
    @Override
    public void ping() {
        try {
            if (connection.isClosed()) {
                throw new StoreException(file + " is closed", null);
            }
            if (!Files.isReadable(file)) {
                throw new StoreException(file + " is missing or unreadable", null);
            }
            SQLiteConfig config = new SQLiteConfig();
            config.setReadOnly(true);
            config.setBusyTimeout(1_000);
            try (Connection probe = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
                 Statement s = probe.createStatement(); var rs = s.executeQuery("SELECT 1")) {
                rs.next();
            }
        } catch (SQLException e) {
            throw new StoreException(file + " does not answer: " + e.getMessage(), e);
        }
    }

    /**
     * How many statements the connection has compiled ({@code sqlite3_prepare}) for {@code prepareStatement} calls:
     * the cache's misses. Flat once every statement of a workload has been seen. A diagnostic counter, written by
     * the owning thread; read it from there, or from another thread for an approximate figure.
     */
    public long statementsPrepared() {
        return connection.prepared();
    }

    /**
     * How many transactions that wrote this database has committed: its durable commits (each one an fsync of the
     * write-ahead log at {@code synchronous=FULL}). Commits of units that only read are not counted (SQLite writes
     * nothing for them). Same thread rules as {@link #statementsPrepared()}.
     */
    public long commitsWritten() {
        return writeCommits;
    }

    /** How many savepoints the connection has set (see {@link #statementsPrepared()} for who may read it). */
    public long savepointsSet() {
        return connection.savepointsSet();
    }

    /** The database file. */
    public Path file() {
        return file;
    }

    /** The value of a PRAGMA as SQLite reports it (for checks and diagnostics). */
    public String pragma(String name) {
        if (!name.matches("[a-z_]+")) {
            throw new IllegalArgumentException("not a pragma name: " + name);
        }
        return read(c -> {
            try (Statement s = c.createStatement(); var rs = s.executeQuery("PRAGMA " + name)) {
                return rs.next() ? rs.getString(1) : null;
            }
        });
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new StoreException("closing " + file + " failed: " + e.getMessage(), e);
        }
    }
}

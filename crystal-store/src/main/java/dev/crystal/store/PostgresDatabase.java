package dev.crystal.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * One domain's schema in a shared PostgreSQL database: a HikariCP pool whose connections use that
 * schema, migrated by Flyway on open. Opening fails fast, naming the URL, when the server is
 * unreachable or refuses the login.
 *
 * <p>Thread ownership: the domain's worker thread borrows one pooled connection per transaction;
 * the pool itself is thread-safe and owned by whoever opened the database.
 */
public final class PostgresDatabase implements Database {
    private static final long CONNECT_TIMEOUT_MS = 5_000;
    /**
     * How long PostgreSQL lets a session sit idle inside a transaction before it ends the session. A writer paused
     * mid-batch (SIGSTOP, a long GC, a frozen VM) would otherwise keep its row locks, e.g. the house account's,
     * until it wakes, and the node that took its lease would wait on them; with this bound it waits at most this
     * long, and the woken writer's commit fails. Well above a batch's own gaps (the slowest, a notice webhook,
     * times out after 2 s).
     */
    public static final Duration IDLE_IN_TRANSACTION_TIMEOUT = Duration.ofSeconds(10);

    private final HikariDataSource pool;
    private final String where;
    /** The open unit of work, or null; only the worker thread reads and writes it. */
    private BatchTransaction unit;
    /** The fencing check of every write transaction, or null when not fenced; set once by the owning thread. */
    private Fencing fencing;

    private PostgresDatabase(HikariDataSource pool, String where) {
        this.pool = pool;
        this.where = where;
    }

    /**
     * Connects to {@code settings.url()}, creates {@code schema} if needed, applies the Flyway
     * migrations found at {@code migrationLocations} in it (e.g. the domain's shared
     * {@code "classpath:db/balance"} and its PostgreSQL-only {@code "classpath:db/postgres/balance"}).
     *
     * @throws StoreException if the server is unreachable, the login is refused or a migration fails
     */
    public static PostgresDatabase open(PostgresSettings settings, String schema, List<String> migrationLocations) {
        return open(settings, schema, migrationLocations, Durability.FULL);
    }

    /**
     * As {@link #open(PostgresSettings, String, List)}, with {@code durability}: {@link Durability#RELAXED} sets
     * {@code synchronous_commit=off} on the pool's sessions (for diagnostics such as the trace log).
     */
    public static PostgresDatabase open(PostgresSettings settings, String schema, List<String> migrationLocations,
                                        Durability durability) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(durability, "durability");
        if (migrationLocations.isEmpty()) {
            throw new IllegalArgumentException("no migration locations for schema " + schema);
        }
        if (schema == null || !schema.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("schema must be a lower-case SQL identifier: " + schema);
        }
        String where = settings.url() + " (schema " + schema + ")";
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config(settings, schema, durability));
        } catch (HikariPool.PoolInitializationException e) {
            throw new StoreException("cannot connect to PostgreSQL at " + settings.url() + " as " + settings.user()
                    + ": " + rootMessage(e), e);
        }
        try {
            Flyway.configure()
                    .dataSource(pool)
                    .schemas(schema)
                    .createSchemas(true)
                    .locations(migrationLocations.toArray(String[]::new))
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
            return new PostgresDatabase(pool, where);
        } catch (FlywayException e) {
            pool.close();
            throw new StoreException("migrating " + where + " from " + migrationLocations + " failed: " + e.getMessage(), e);
        }
    }

    private static HikariConfig config(PostgresSettings settings, String schema, Durability durability) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(1);
        config.setSchema(schema);
        config.setAutoCommit(false);
        config.setConnectionTimeout(CONNECT_TIMEOUT_MS);
        config.setInitializationFailTimeout(CONNECT_TIMEOUT_MS);
        config.setPoolName("crystal-" + schema);
        config.addDataSourceProperty("options",
                "-c idle_in_transaction_session_timeout=" + IDLE_IN_TRANSACTION_TIMEOUT.toMillis()
                        + (durability == Durability.RELAXED ? " -c synchronous_commit=off" : ""));
        return config;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    /** Fails once closed; otherwise runs {@code SELECT 1} on a pooled connection. */
    @Override
    public void ping() {
        if (pool.isClosed()) {
            throw new StoreException(where + " is closed", null);
        }
        try (Connection connection = pool.getConnection();
             Statement s = connection.createStatement(); var rs = s.executeQuery("SELECT 1")) {
            rs.next();
            connection.rollback();
        } catch (SQLException e) {
            throw new StoreException(where + " does not answer: " + e.getMessage(), e);
        }
    }

    @Override
    public <T> T inTransaction(SqlWork<T> work) {
        if (unit != null) {
            return unit.join(work, true);
        }
        Fencing fence = fencing;
        try (Connection connection = pool.getConnection()) {
            return Transactions.run(connection, fence == null ? work : c -> {
                T result = work.run(c);
                fence.check(c);
                return result;
            }, where);
        } catch (SQLException e) {
            throw new StoreException("no connection to " + where + ": " + e.getMessage(), e);
        }
    }

    @Override
    public <T> T read(SqlWork<T> work) {
        if (unit != null) {
            return unit.join(work, false);
        }
        try (Connection connection = pool.getConnection()) {
            return Transactions.run(connection, work, where);
        } catch (SQLException e) {
            throw new StoreException("no connection to " + where + ": " + e.getMessage(), e);
        }
    }

    /**
     * Fences this schema for {@code writer}: creates {@code fencing_epochs} if needed, then checks {@code epoch}
     * in every write transaction (see {@link Database#fence}).
     */
    @Override
    public void fence(String writer, LongSupplier epoch) {
        Objects.requireNonNull(writer, "writer");
        Objects.requireNonNull(epoch, "epoch");
        try (Connection connection = pool.getConnection()) {
            Fencing.createTable(connection, where);
        } catch (SQLException e) {
            throw new StoreException("no connection to " + where + ": " + e.getMessage(), e);
        }
        fencing = new Fencing(writer, epoch, where);
    }

    @Override
    public long storedEpoch(String writer) {
        try (Connection connection = pool.getConnection()) {
            return Transactions.run(connection, c -> Fencing.stored(c, writer), where);
        } catch (SQLException e) {
            throw new StoreException("no connection to " + where + ": " + e.getMessage(), e);
        }
    }

    /** Borrows one pooled connection for the whole unit and returns it to the pool when the unit ends. */
    @Override
    public UnitOfWork begin() {
        if (unit != null) {
            throw new IllegalStateException("a unit of work is already open on " + where);
        }
        Connection connection;
        try {
            connection = pool.getConnection();
        } catch (SQLException e) {
            throw new StoreException("no connection to " + where + ": " + e.getMessage(), e);
        }
        Fencing fence = fencing;
        unit = new BatchTransaction(connection, where, () -> {
            unit = null;
            try {
                connection.close();
            } catch (SQLException e) {
                throw new StoreException("returning a connection to the pool of " + where + " failed: "
                        + e.getMessage(), e);
            }
        }, fence == null ? null : c -> {
            fence.check(c);
            return null;
        });
        return unit;
    }

    @Override
    public void close() {
        pool.close();
    }
}

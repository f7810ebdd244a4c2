package dev.crystal.server.cluster;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.crystal.server.http.PendingAcceptance;
import dev.crystal.store.PostgresSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster node's {@link PendingAcceptance}: a settlement still running when its answer is due is durable when the
 * transport keeps every message it acknowledged (Redis with {@code appendonly yes} and {@code appendfsync always},
 * asked at most every {@link #TRANSPORT_RECHECK}), or else once collections committed its row to PostgreSQL (read
 * on a small pool of its own, never through the domain worker's database, which only its worker thread may use).
 * Before that the request exists only in a Redis stream, which a Redis restart without persistence loses.
 *
 * <p>Thread ownership: called from any HTTP request thread; the pool is thread-safe and the cached transport
 * answer is one volatile pair (two threads may both ask Redis at a recheck; both answers are current).
 */
public final class RecordedSettlements implements PendingAcceptance, AutoCloseable {
    /** How long an answer about the transport's durability is reused before Redis is asked again. */
    public static final Duration TRANSPORT_RECHECK = Duration.ofSeconds(5);
    /**
     * Connections of the lookup pool: one short query per settlement that timed out. Timeouts come in bursts (a
     * backlog makes every settlement of a second late at once): with 2 connections, 27 lookups queued past the
     * connection timeout in a {@code crystal chaos} run at load average 45, and each became a 503.
     */
    static final int POOL_SIZE = 8;
    /** How long a lookup waits for a connection before the settlement is answered 503 (nothing promised). */
    private static final long CONNECT_TIMEOUT_MS = 5_000;
    private static final Logger LOG = LoggerFactory.getLogger(RecordedSettlements.class);

    /** The transport's answer and when it was taken (nanoTime); replaced as a whole. */
    private record TransportAnswer(boolean durable, long askedAt) {
    }

    private final HikariDataSource pool;
    private final BooleanSupplier transportDurable;
    private volatile TransportAnswer transport;

    private RecordedSettlements(HikariDataSource pool, BooleanSupplier transportDurable) {
        this.pool = pool;
        this.transportDurable = transportDurable;
    }

    /**
     * Looks settlements up in the collections schema {@code <schemaPrefix>collections} of {@code postgres}.
     *
     * @param transportDurable asked (now) whether the transport keeps what it acknowledged; may throw when it
     *                         cannot be asked (counted as not durable)
     */
    public static RecordedSettlements open(PostgresSettings postgres, String schemaPrefix,
                                           BooleanSupplier transportDurable) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres.url());
        config.setUsername(postgres.user());
        config.setPassword(postgres.password());
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(0);
        config.setSchema(schemaPrefix + "collections");
        config.setReadOnly(true);
        config.setAutoCommit(true);
        config.setConnectionTimeout(CONNECT_TIMEOUT_MS);
        // Started lazily: the schema is created by the collections worker's migrations, maybe on another node.
        config.setInitializationFailTimeout(-1);
        config.setPoolName("crystal-" + schemaPrefix + "collections-lookups");
        return new RecordedSettlements(new HikariDataSource(config), transportDurable);
    }

    @Override
    public boolean durable(String settlementId) {
        return transportKeepsMessages() || recorded(settlementId);
    }

    /** Whether the transport fsyncs every write (cached for {@link #TRANSPORT_RECHECK}). */
    boolean transportKeepsMessages() {
        long now = System.nanoTime();
        TransportAnswer last = transport;
        if (last != null && now - last.askedAt() < TRANSPORT_RECHECK.toNanos()) {
            return last.durable();
        }
        boolean durable;
        try {
            durable = transportDurable.getAsBoolean();
        } catch (RuntimeException e) {
            LOG.debug("cannot ask whether the transport is durable: {}", e.toString());
            durable = false;
        }
        transport = new TransportAnswer(durable, now);
        return durable;
    }

    /** Whether collections committed a row for {@code settlementId} (any status). */
    boolean recorded(String settlementId) {
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT 1 FROM settlements WHERE settlement_id = ?")) {
            ps.setString(1, settlementId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            LOG.warn("cannot tell whether settlement {} is recorded ({}): it is not answered 202", settlementId,
                    e.getMessage());
            return false;
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}

package dev.crystal.store.deadletter;

import dev.crystal.runtime.DeadLetter;
import dev.crystal.runtime.DeadLetterReason;
import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.spi.DeadLetterLog;
import dev.crystal.store.Database;
import dev.crystal.store.InstantText;
import dev.crystal.store.inbox.PayloadCodec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dead letters in the {@code dead_letters} table (migration {@value #MIGRATIONS}) of their own {@link Database},
 * so they survive a restart; payloads are written as text by the application's {@link PayloadCodec}. Keeps the
 * newest {@code maxKept}: an append beyond that deletes the oldest. One row per message and worker: the runtime
 * {@link #update}s it with more attempts or its resolution (migration V2).
 *
 * <p>Thread-safety: the runtime calls it from any thread while a {@link Database} belongs to one thread at a
 * time, so one lock serialises every call (dead letters are rare; the lock is never held by a hot path).
 */
public final class JdbcDeadLetterLog implements DeadLetterLog {
    /** Where the table's migrations are, for opening the database. */
    public static final String MIGRATIONS = "classpath:db/deadletters";
    public static final int DEFAULT_MAX_KEPT = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(JdbcDeadLetterLog.class);
    private static final String COLUMNS = "id, dead_at_ms, dead_at, reason, stack_trace, message_id, type,"
            + " correlation_id, causation_id, source, target, sent_at, payload_class, payload,"
            + " reason_code, attempts, first_failed_at, first_failed_at_ms, resolved_at, resolved_by";
    /** Oldest first by when each letter first failed (letters of V1 have only their last failure). */
    private static final String ORDER = " ORDER BY COALESCE(first_failed_at_ms, dead_at_ms), id";

    private final Database db;
    private final PayloadCodec codec;
    private final int maxKept;
    private final ReentrantLock lock = new ReentrantLock();

    /** A log on {@code db} (opened with {@link #MIGRATIONS}) keeping the newest {@code maxKept} letters. */
    public JdbcDeadLetterLog(Database db, PayloadCodec codec, int maxKept) {
        this.db = Objects.requireNonNull(db, "db");
        this.codec = Objects.requireNonNull(codec, "codec");
        if (maxKept < 1) {
            throw new IllegalArgumentException("maxKept must be at least 1, was " + maxKept);
        }
        this.maxKept = maxKept;
    }

    public JdbcDeadLetterLog(Database db, PayloadCodec codec) {
        this(db, codec, DEFAULT_MAX_KEPT);
    }

    @Override
    public void append(DeadLetter letter) {
        Envelope<?> env = letter.envelope();
        String text = codec.encode(env.payload()); // before the lock: a payload that cannot be written fails here
        locked(() -> db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO dead_letters (" + COLUMNS + ")"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, letter.id());
                ps.setLong(2, letter.at().toEpochMilli());
                ps.setString(3, letter.at().toString());
                ps.setString(4, letter.reason());
                ps.setString(5, letter.stackTrace() == null ? "" : letter.stackTrace());
                ps.setString(6, env.messageId());
                ps.setString(7, env.type());
                ps.setString(8, env.correlationId());
                ps.setString(9, env.causationId());
                ps.setString(10, env.source());
                ps.setString(11, env.target());
                ps.setString(12, env.timestamp().toString());
                ps.setString(13, env.payload().getClass().getName());
                ps.setString(14, text);
                setProgress(ps, 15, letter);
                ps.executeUpdate();
            }
            trim(c);
            return null;
        }));
    }

    /** Sets reason_code, attempts, first failure and resolution from {@code index}. */
    private static void setProgress(PreparedStatement ps, int index, DeadLetter letter) throws SQLException {
        ps.setString(index, letter.code().name());
        ps.setInt(index + 1, letter.attempts());
        ps.setString(index + 2, letter.firstFailedAt().toString());
        ps.setLong(index + 3, letter.firstFailedAt().toEpochMilli());
        ps.setString(index + 4, letter.resolvedAt() == null ? null : letter.resolvedAt().toString());
        ps.setString(index + 5, letter.resolvedBy());
    }

    @Override
    public boolean update(DeadLetter letter) {
        return locked(() -> db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE dead_letters SET dead_at_ms = ?, dead_at = ?,"
                    + " reason = ?, stack_trace = ?, reason_code = ?, attempts = ?, first_failed_at = ?,"
                    + " first_failed_at_ms = ?, resolved_at = ?, resolved_by = ? WHERE id = ?")) {
                ps.setLong(1, letter.at().toEpochMilli());
                ps.setString(2, letter.at().toString());
                ps.setString(3, letter.reason());
                ps.setString(4, letter.stackTrace());
                setProgress(ps, 5, letter);
                ps.setString(11, letter.id());
                return ps.executeUpdate() > 0;
            }
        }));
    }

    @Override
    public Optional<DeadLetter> findByMessage(String worker, String messageId) {
        if (worker == null || messageId == null) {
            return Optional.empty();
        }
        return locked(() -> db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM dead_letters WHERE target = ? AND message_id = ?" + ORDER)) {
                ps.setString(1, worker);
                ps.setString(2, messageId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Optional<DeadLetter> letter = read(rs);
                        if (letter.isPresent()) {
                            return letter;
                        }
                    }
                    return Optional.<DeadLetter>empty();
                }
            }
        }));
    }

    private void trim(Connection c) throws SQLException {
        int excess = count(c) - maxKept;
        if (excess <= 0) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM dead_letters WHERE id IN"
                + " (SELECT id FROM dead_letters" + ORDER + " LIMIT ?)")) {
            ps.setInt(1, excess);
            ps.executeUpdate();
        }
    }

    @Override
    public List<DeadLetter> list() {
        return locked(() -> db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM dead_letters" + ORDER);
                 ResultSet rs = ps.executeQuery()) {
                List<DeadLetter> letters = new ArrayList<>();
                while (rs.next()) {
                    read(rs).ifPresent(letters::add);
                }
                return letters;
            }
        }));
    }

    @Override
    public Optional<DeadLetter> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        return locked(() -> db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM dead_letters WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? read(rs) : Optional.<DeadLetter>empty();
                }
            }
        }));
    }

    @Override
    public boolean remove(String id) {
        if (id == null) {
            return false;
        }
        return locked(() -> db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM dead_letters WHERE id = ?")) {
                ps.setString(1, id);
                return ps.executeUpdate() > 0;
            }
        }));
    }

    @Override
    public int count() {
        return locked(() -> db.read(JdbcDeadLetterLog::count));
    }

    private static int count(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM dead_letters");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** A stored row as a letter; a payload that no longer reads back (its class was renamed) is logged and skipped. */
    private Optional<DeadLetter> read(ResultSet rs) throws SQLException {
        String id = rs.getString(1);
        Object payload;
        try {
            payload = codec.decode(rs.getString(13), rs.getString(14));
        } catch (RuntimeException e) {
            LOG.error("dead letter {} ({}) cannot be read back: {}", id, rs.getString(13), e.toString());
            return Optional.empty();
        }
        Envelope<Object> envelope = new Envelope<>(rs.getString(6), rs.getString(7), rs.getString(8),
                rs.getString(9), rs.getString(10), rs.getString(11), InstantText.parse(rs.getString(12)), payload);
        String code = rs.getString(15);
        String firstFailed = rs.getString(17);
        String resolvedAt = rs.getString(19);
        DeadLetterReason reason;
        try {
            reason = code == null ? null : DeadLetterReason.valueOf(code);
        } catch (IllegalArgumentException unknown) {
            reason = null; // a category this version does not know: read again from the sentence
        }
        return Optional.of(new DeadLetter(envelope, rs.getString(4), rs.getString(5), InstantText.parse(rs.getString(3)), id,
                reason, rs.getInt(16), firstFailed == null ? null : InstantText.parse(firstFailed),
                resolvedAt == null ? null : InstantText.parse(resolvedAt), resolvedAt == null ? null : rs.getString(20)));
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

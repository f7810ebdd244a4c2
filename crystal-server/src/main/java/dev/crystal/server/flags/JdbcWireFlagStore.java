package dev.crystal.server.flags;

import dev.crystal.store.Database;
import dev.crystal.wire.FlagChange;
import dev.crystal.wire.FlagKind;
import dev.crystal.wire.FlagScope;
import dev.crystal.wire.WireFlagStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The wire flags in tables {@code wire_flags} (one row: version and YAML) and {@code wire_flag_audit} (every
 * change) of their own {@link Database} (migrations {@value #MIGRATIONS}): {@code wireflags.db} in the data
 * directory of an embedded platform, the {@code <schemaPrefix>wireflags} schema that every node of a cluster
 * shares. {@link #compareAndSet} is one transaction: {@code UPDATE ... WHERE version = expected} (PostgreSQL's row
 * lock makes a concurrent change on another node wait and then find the version moved), then the audit rows.
 *
 * <p>Thread-safety: the HTTP threads and the flag poller call it while a {@link Database} belongs to one thread
 * at a time, so one lock serialises the calls (a version poll every few hundred milliseconds, changes rare).
 */
public final class JdbcWireFlagStore implements WireFlagStore {
    /** Where the tables' migrations are, for opening the database. */
    public static final String MIGRATIONS = "classpath:db/wireflags";
    /** The database's name: {@code wireflags.db}, or schema {@code <schemaPrefix>wireflags}. */
    public static final String DATABASE = "wireflags";

    private final Database db;
    private final ReentrantLock lock = new ReentrantLock();

    /** A store on {@code db}, opened with {@link #MIGRATIONS}. */
    public JdbcWireFlagStore(Database db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public Optional<Stored> load() {
        return locked(() -> db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT version, flags FROM wire_flags WHERE id = 1");
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Stored(rs.getLong(1), rs.getString(2))) : Optional.<Stored>empty();
            }
        }));
    }

    @Override
    public long version() {
        return locked(() -> db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT version FROM wire_flags WHERE id = 1");
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        }));
    }

    @Override
    public boolean compareAndSet(long expectedVersion, String flagsYaml, List<FlagChange> changes) {
        Objects.requireNonNull(flagsYaml, "flagsYaml");
        String now = changes.isEmpty() ? Instant.now().toString() : changes.getFirst().at().toString();
        return locked(() -> db.inTransaction(c -> {
            int updated;
            if (expectedVersion == 0) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO wire_flags (id, version, flags, changed_at)"
                        + " VALUES (1, 1, ?, ?) ON CONFLICT DO NOTHING")) {
                    ps.setString(1, flagsYaml);
                    ps.setString(2, now);
                    updated = ps.executeUpdate();
                }
            } else {
                try (PreparedStatement ps = c.prepareStatement("UPDATE wire_flags SET version = ?, flags = ?,"
                        + " changed_at = ? WHERE id = 1 AND version = ?")) {
                    ps.setLong(1, expectedVersion + 1);
                    ps.setString(2, flagsYaml);
                    ps.setString(3, now);
                    ps.setLong(4, expectedVersion);
                    updated = ps.executeUpdate();
                }
            }
            if (updated != 1) {
                return false;
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO wire_flag_audit (version, seq, at, who,"
                    + " flag, scope, old_value, new_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                int seq = 0;
                for (FlagChange change : changes) {
                    ps.setLong(1, expectedVersion + 1);
                    ps.setInt(2, ++seq);
                    ps.setString(3, change.at().toString());
                    ps.setString(4, change.who());
                    ps.setString(5, change.flag().name());
                    ps.setString(6, change.scope().toString());
                    ps.setString(7, change.oldValue());
                    ps.setString(8, change.newValue());
                    ps.addBatch();
                }
                if (seq > 0) {
                    ps.executeBatch();
                }
            }
            return true;
        }));
    }

    @Override
    public List<FlagChange> audit() {
        return locked(() -> db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT version, at, who, flag, scope, old_value,"
                    + " new_value FROM wire_flag_audit ORDER BY version, seq");
                 ResultSet rs = ps.executeQuery()) {
                List<FlagChange> changes = new ArrayList<>();
                while (rs.next()) {
                    changes.add(new FlagChange(rs.getLong(1), Instant.parse(rs.getString(2)), rs.getString(3),
                            FlagKind.valueOf(rs.getString(4)), FlagScope.parse(rs.getString(5)), rs.getString(6),
                            rs.getString(7)));
                }
                return changes;
            }
        }));
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

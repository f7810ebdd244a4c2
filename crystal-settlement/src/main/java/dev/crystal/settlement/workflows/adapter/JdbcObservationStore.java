package dev.crystal.settlement.workflows.adapter;

import dev.crystal.settlement.workflows.application.ObservationStore;
import dev.crystal.settlement.workflows.domain.Observation;
import dev.crystal.store.Database;
import dev.crystal.store.InstantText;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/** Workflow observations in SQLite or PostgreSQL (portable SQL). Thread ownership: the workflows worker's thread. */
public final class JdbcObservationStore implements ObservationStore {
    /** Flyway location of this store's SQLite schema. */
    public static final String MIGRATIONS = "classpath:db/workflows";
    /** Flyway locations of this store's PostgreSQL schema: the SQLite migrations are portable as they are. */
    public static final List<String> POSTGRES_MIGRATIONS = List.of(MIGRATIONS);

    private final Database db;

    /** A store over {@code db}, migrated from {@link #MIGRATIONS}. */
    public JdbcObservationStore(Database db) {
        this.db = db;
    }

    @Override
    public boolean record(Observation o) {
        return recordAll(List.of(o)) == 1;
    }

    @Override
    public int recordAll(List<Observation> observations) {
        if (observations.isEmpty()) {
            return 0;
        }
        return db.inTransaction(c -> {
            int stored = 0;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO observations (message_id, "
                    + "correlation_id, message_type, domain, observed_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                for (Observation o : observations) {
                    ps.setString(1, o.messageId());
                    ps.setString(2, o.correlationId());
                    ps.setString(3, o.messageType());
                    ps.setString(4, o.domain());
                    ps.setString(5, o.observedAt().toString());
                    stored += ps.executeUpdate();
                }
            }
            return stored;
        });
    }

    @Override
    public List<Observation> forCorrelation(String correlationId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT message_id, correlation_id, message_type, domain, "
                    + "observed_at FROM observations WHERE correlation_id = ?")) {
                ps.setString(1, correlationId);
                try (ResultSet rs = ps.executeQuery()) {
                    List<Observation> result = new ArrayList<>();
                    while (rs.next()) {
                        result.add(new Observation(rs.getString("correlation_id"), rs.getString("message_type"),
                                rs.getString("domain"), rs.getString("message_id"),
                                InstantText.parse(rs.getString("observed_at"))));
                    }
                    return result;
                }
            }
        });
    }
}

package dev.crystal.settlement.notifications.adapter;

import dev.crystal.settlement.contracts.NotificationsMessage.Notice;
import dev.crystal.settlement.notifications.application.NoticeStore;
import dev.crystal.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Notices in SQLite or PostgreSQL (portable SQL). Thread ownership: the notifications worker's thread (it alone uses the database). */
public final class JdbcNoticeStore implements NoticeStore {
    /** Flyway location of this store's SQLite schema. */
    public static final String MIGRATIONS = "classpath:db/notifications";
    /** Flyway locations of this store's PostgreSQL schema: the SQLite migrations are portable as they are. */
    public static final List<String> POSTGRES_MIGRATIONS = List.of(MIGRATIONS);

    private final Database db;

    public JdbcNoticeStore(Database db) {
        this.db = db;
    }

    @Override
    public boolean insertPending(Notice n, String correlationId) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO notices (notice_id, customer_id, "
                    + "kind, reference, channel, status, text, created_at, seq, audience, correlation_id) VALUES (?, ?, ?, ?, ?, "
                    + "'pending', ?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM notices), ?, ?) ON CONFLICT DO NOTHING")) {
                ps.setString(1, n.noticeId());
                ps.setString(2, n.recipientId());
                ps.setString(3, n.kind());
                ps.setString(4, n.reference());
                ps.setString(5, n.channel());
                ps.setString(6, n.text());
                ps.setString(7, n.createdAt());
                ps.setString(8, n.audience());
                ps.setString(9, correlationId);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public void markDelivered(String noticeId) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE notices SET status = 'delivered' WHERE notice_id = ?")) {
                ps.setString(1, noticeId);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void recordFailure(String noticeId, String error) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE notices SET attempts = attempts + 1, last_error = ? WHERE notice_id = ?")) {
                ps.setString(1, error.length() > 500 ? error.substring(0, 500) : error);
                ps.setString(2, noticeId);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public List<PendingNotice> pendingNotices() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM notices WHERE status = 'pending' ORDER BY seq");
                 ResultSet rs = ps.executeQuery()) {
                List<PendingNotice> result = new ArrayList<>();
                while (rs.next()) {
                    result.add(new PendingNotice(read(rs), rs.getString("correlation_id")));
                }
                return result;
            }
        });
    }

    @Override
    public List<Notice> forRecipient(String recipientId, int limit) {
        return query("SELECT * FROM notices WHERE customer_id = ? ORDER BY seq DESC LIMIT ?", recipientId, limit);
    }

    private List<Notice> query(String sql, String customerId, int limit) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                if (customerId != null) {
                    ps.setString(1, customerId);
                    ps.setInt(2, limit);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    List<Notice> result = new ArrayList<>();
                    while (rs.next()) {
                        result.add(read(rs));
                    }
                    return result;
                }
            }
        });
    }

    private static Notice read(ResultSet rs) throws SQLException {
        return new Notice(rs.getString("notice_id"), rs.getString("customer_id"), rs.getString("audience"),
                rs.getString("kind"),
                rs.getString("reference"), rs.getString("channel"), rs.getString("status"), rs.getString("text"),
                rs.getString("created_at"));
    }
}

package dev.crystal.store.inbox;

import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.MessageNames;
import dev.crystal.store.InstantText;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQL of the {@code inbox} and {@code outbox} tables every domain schema has (portable between SQLite and
 * PostgreSQL). Stateless; called on the worker thread with the connection of the current transaction.
 */
final class InboxTables {
    private static final Logger LOG = LoggerFactory.getLogger(InboxTables.class);

    private InboxTables() {
    }

    static boolean handled(Connection c, String messageId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM inbox WHERE message_id = ?")) {
            ps.setString(1, messageId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    static void recordHandled(Connection c, Collection<String> messageIds, long handledAtMillis) throws SQLException {
        if (messageIds.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO inbox (message_id, handled_at_ms) VALUES (?, ?)")) {
            for (String id : messageIds) {
                ps.setString(1, id);
                ps.setLong(2, handledAtMillis);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    static int forgetHandledBefore(Connection c, long beforeMillis) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM inbox WHERE handled_at_ms < ?")) {
            ps.setLong(1, beforeMillis);
            return ps.executeUpdate();
        }
    }

    /**
     * Inserts {@code entries} with sequence numbers allocated here, inside the caller's write transaction, and
     * returns them as stored (the {@code seq} of the given entries is ignored). The next number is
     * {@code MAX(seq) + 1} read under a lock that serialises outbox writers until the transaction ends: on
     * PostgreSQL a transaction-scoped advisory lock per schema, taken last before the insert (a second node
     * writing the same schema waits instead of colliding on {@code outbox_pkey}); on SQLite the write transaction
     * itself (one writer per file).
     */
    static List<OutboxEntry> insert(Connection c, List<OutboxEntry> entries) throws SQLException {
        if (entries.isEmpty()) {
            return List.of();
        }
        if (isPostgres(c)) {
            try (Statement s = c.createStatement()) {
                // a transaction-scoped lock per schema: it does not conflict with row writes to the outbox (a
                // table lock would, and two writers that both deleted relayed rows could then deadlock)
                s.execute("SELECT pg_advisory_xact_lock(hashtext(current_schema()), hashtext('crystal.outbox'))");
            }
        }
        long next = maxSeq(c) + 1;
        List<OutboxEntry> stored = new ArrayList<>(entries.size());
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO outbox (seq, message_id, kind, target, type,"
                + " correlation_id, causation_id, source, created_at, payload_class, payload)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (OutboxEntry e : entries) {
                OutboxEntry entry = new OutboxEntry(next++, e.kind(), e.envelope(), e.text());
                Envelope<?> env = entry.envelope();
                ps.setLong(1, entry.seq());
                ps.setString(2, env.messageId());
                ps.setString(3, entry.kind().name());
                ps.setString(4, env.target());
                ps.setString(5, env.type());
                ps.setString(6, env.correlationId());
                ps.setString(7, env.causationId());
                ps.setString(8, env.source());
                ps.setString(9, env.timestamp().toString());
                ps.setString(10, env.payload().getClass().getName());
                ps.setString(11, entry.text());
                ps.addBatch();
                stored.add(entry);
            }
            ps.executeBatch();
        }
        return stored;
    }

    /**
     * Deletes relayed rows, each by its sequence number <em>and</em> message id: a row another writer stored
     * under a reused number (after this one's row was deleted elsewhere) is never deleted by mistake.
     */
    static void delete(Connection c, List<OutboxEntry> relayed) throws SQLException {
        if (relayed.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM outbox WHERE seq = ? AND message_id = ?")) {
            for (OutboxEntry entry : relayed) {
                ps.setLong(1, entry.seq());
                ps.setString(2, entry.envelope().messageId());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    static long maxSeq(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(seq), 0) FROM outbox");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static boolean isPostgres(Connection c) throws SQLException {
        return "PostgreSQL".equalsIgnoreCase(c.getMetaData().getDatabaseProductName());
    }

    /** Every entry in the outbox, oldest first; rows whose payload cannot be read back are logged and left. */
    static List<OutboxEntry> load(Connection c, PayloadCodec codec) throws SQLException {
        List<OutboxEntry> entries = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, message_id, kind, target, type, correlation_id,"
                + " causation_id, source, created_at, payload_class, payload FROM outbox ORDER BY seq");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long seq = rs.getLong(1);
                String messageId = rs.getString(2);
                String payloadClass = rs.getString(10);
                String text = rs.getString(11);
                Object payload;
                try {
                    payload = codec.decode(payloadClass, text);
                } catch (RuntimeException e) {
                    LOG.error("outbox entry {} (message {}, {}) cannot be read back and stays in the outbox: {}",
                            seq, messageId, payloadClass, e.toString());
                    continue;
                }
                // The type is named by the one rule (rows written before it carry the class's simple name).
                Envelope<Object> envelope = new Envelope<>(messageId, MessageNames.of(payload.getClass()), rs.getString(6),
                        rs.getString(7), rs.getString(8), rs.getString(4), InstantText.parse(rs.getString(9)), payload);
                entries.add(new OutboxEntry(seq, OutboxEntry.Kind.valueOf(rs.getString(3)), envelope, text));
            }
        }
        return entries;
    }
}

package dev.crystal.settlement.collections.adapter;

import dev.crystal.settlement.collections.application.SettlementStore;
import dev.crystal.settlement.collections.domain.Settlement;
import dev.crystal.settlement.contracts.ErrorDetails;
import dev.crystal.settlement.contracts.SettlementRequest;
import dev.crystal.settlement.contracts.SettlementStatus;
import dev.crystal.settlement.contracts.SettlementType;
import dev.crystal.settlement.kernel.Money;
import dev.crystal.store.Database;
import dev.crystal.store.InstantText;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Settlements in SQLite or PostgreSQL (portable SQL). Thread ownership: the collections worker's thread (it alone uses the database). */
public final class JdbcSettlementStore implements SettlementStore {
    /** Flyway location of this store's SQLite schema. */
    public static final String MIGRATIONS = "classpath:db/collections";
    /** Flyway locations of this store's PostgreSQL schema: the shared migrations, then PostgreSQL's own. */
    public static final List<String> POSTGRES_MIGRATIONS = List.of(MIGRATIONS, "classpath:db/postgres/collections");

    private static final String COLUMNS = "settlement_id, customer_id, type, amount_minor, event, bet_type, "
            + "stake_minor, payout_minor, payment_method, metadata_json, fingerprint, status, correlation_id, "
            + "balance_after_minor, confirmation_number, error, error_balance_minor, error_required_minor, "
            + "error_shortfall_minor, created_at, updated_at, retry_count, next_retry_at";

    private final Database db;

    public JdbcSettlementStore(Database db) {
        this.db = db;
    }

    @Override
    public Optional<Settlement> find(String settlementId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + COLUMNS + " FROM settlements WHERE settlement_id = ?")) {
                ps.setString(1, settlementId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(read(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public void insert(Settlement s) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO settlements (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                bind(ps, s);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void update(Settlement s) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE settlements SET status = ?, "
                    + "balance_after_minor = ?, confirmation_number = ?, error = ?, error_balance_minor = ?, "
                    + "error_required_minor = ?, error_shortfall_minor = ?, updated_at = ?, retry_count = ?, next_retry_at = ? "
                    + "WHERE settlement_id = ?")) {
                ps.setString(1, s.status().name());
                setMoney(ps, 2, s.balanceAfter());
                ps.setString(3, s.confirmationNumber());
                ps.setString(4, s.error());
                ErrorDetails d = s.errorDetails();
                setMoney(ps, 5, d == null ? null : d.balance());
                setMoney(ps, 6, d == null ? null : d.required());
                setMoney(ps, 7, d == null ? null : d.shortfall());
                ps.setString(8, s.updatedAt().toString());
                ps.setInt(9, s.retryCount());
                ps.setString(10, s.nextRetryAt() == null ? null : s.nextRetryAt().toString());
                ps.setString(11, s.id());
                if (ps.executeUpdate() != 1) {
                    throw new IllegalStateException("no settlement " + s.id() + " to update");
                }
                return null;
            }
        });
    }

    @Override
    public void deletePending(String settlementId) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM settlements WHERE settlement_id = ? AND status = 'PENDING'")) {
                ps.setString(1, settlementId);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public List<Settlement> pending() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM settlements WHERE status = 'PENDING' ORDER BY created_at");
                 ResultSet rs = ps.executeQuery()) {
                List<Settlement> result = new ArrayList<>();
                while (rs.next()) {
                    result.add(read(rs));
                }
                return result;
            }
        });
    }

    @Override
    public List<Settlement> awaitingRetry() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM settlements WHERE next_retry_at IS NOT NULL ORDER BY next_retry_at");
                 ResultSet rs = ps.executeQuery()) {
                List<Settlement> result = new ArrayList<>();
                while (rs.next()) {
                    result.add(read(rs));
                }
                return result;
            }
        });
    }

    private static void bind(PreparedStatement ps, Settlement s) throws SQLException {
        SettlementRequest r = s.request();
        ps.setString(1, r.settlementId());
        ps.setString(2, r.customerId());
        ps.setString(3, r.type().wireName());
        ps.setLong(4, r.amount().minor());
        ps.setString(5, r.event());
        ps.setString(6, r.betType());
        setMoney(ps, 7, r.stake());
        setMoney(ps, 8, r.payout());
        ps.setString(9, r.paymentMethod());
        ps.setString(10, r.metadataJson());
        ps.setString(11, r.fingerprint());
        ps.setString(12, s.status().name());
        ps.setString(13, s.correlationId());
        setMoney(ps, 14, s.balanceAfter());
        ps.setString(15, s.confirmationNumber());
        ps.setString(16, s.error());
        ErrorDetails d = s.errorDetails();
        setMoney(ps, 17, d == null ? null : d.balance());
        setMoney(ps, 18, d == null ? null : d.required());
        setMoney(ps, 19, d == null ? null : d.shortfall());
        ps.setString(20, s.createdAt().toString());
        ps.setString(21, s.updatedAt().toString());
        ps.setInt(22, s.retryCount());
        ps.setString(23, s.nextRetryAt() == null ? null : s.nextRetryAt().toString());
    }

    /** Reads a row selected with {@link #COLUMNS}, by column position (the order of {@link #bind}). */
    private static Settlement read(ResultSet rs) throws SQLException {
        SettlementRequest request = new SettlementRequest(
                rs.getString(1),
                rs.getString(2),
                SettlementType.fromWireName(rs.getString(3)).orElseThrow(),
                money(rs, 4),
                rs.getString(5),
                rs.getString(6),
                money(rs, 7),
                money(rs, 8),
                rs.getString(9),
                rs.getString(10));
        Money errBalance = money(rs, 17);
        ErrorDetails details = errBalance == null ? null
                : new ErrorDetails(errBalance, money(rs, 18), money(rs, 19));
        return new Settlement(request,
                SettlementStatus.valueOf(rs.getString(12)),
                rs.getString(13),
                money(rs, 14),
                rs.getString(15),
                rs.getString(16),
                details,
                rs.getInt(22),
                InstantText.parse(rs.getString(23)),
                InstantText.parse(rs.getString(20)),
                InstantText.parse(rs.getString(21)));
    }

    private static Money money(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : Money.ofMinor(value);
    }

    private static void setMoney(PreparedStatement ps, int index, Money money) throws SQLException {
        if (money == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setLong(index, money.minor());
        }
    }
}

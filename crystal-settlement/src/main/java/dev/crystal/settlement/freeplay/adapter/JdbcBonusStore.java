package dev.crystal.settlement.freeplay.adapter;

import dev.crystal.settlement.contracts.BonusIssued;
import dev.crystal.settlement.freeplay.application.BonusStore;
import dev.crystal.settlement.freeplay.application.Redemption;
import dev.crystal.settlement.freeplay.domain.Bonus;
import dev.crystal.settlement.kernel.Money;
import dev.crystal.store.Database;
import dev.crystal.store.InstantText;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Free play in SQLite or PostgreSQL (portable SQL). Thread ownership: the free-play worker's thread (it alone uses the database). */
public final class JdbcBonusStore implements BonusStore {
    /** Flyway location of this store's SQLite schema. */
    public static final String MIGRATIONS = "classpath:db/freeplay";
    /** Flyway locations of this store's PostgreSQL schema: the shared migrations, then PostgreSQL's own. */
    public static final List<String> POSTGRES_MIGRATIONS = List.of(MIGRATIONS, "classpath:db/postgres/freeplay");

    private static final String COLUMNS = "transaction_id, customer_id, bonus_type, amount_minor, wagering_requirement, "
            + "expires_at, reference, status, wagered_minor, redeemed_minor, forfeited_minor, issued_at, closed_at";

    /** Bonuses per multi-row statement: well under SQLite's and PostgreSQL's bound-parameter limits. */
    private static final int WAGER_CHUNK = 500;
    private final Database db;

    public JdbcBonusStore(Database db) {
        this.db = db;
    }

    @Override
    public Optional<Bonus> find(String transactionId) {
        return bonuses("transaction_id = ?", transactionId).stream().findFirst();
    }

    @Override
    public List<Bonus> forCustomer(String customerId) {
        return bonuses("customer_id = ? ORDER BY issued_at", customerId);
    }

    @Override
    public List<Bonus> activeForCustomer(String customerId) {
        return bonuses("customer_id = ? AND status = 'ACTIVE' ORDER BY issued_at", customerId);
    }

    @Override
    public List<Bonus> inState(Bonus.Status status) {
        return bonuses("status = ?", status.name());
    }

    @Override
    public List<Bonus> dueForExpiry(Instant now) {
        return bonuses("status = 'ACTIVE' AND expires_at <= ?", now.toString());
    }

    @Override
    public Optional<Instant> nextExpiry() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT MIN(expires_at) FROM bonuses WHERE status = 'ACTIVE'");
                 ResultSet rs = ps.executeQuery()) {
                String min = rs.next() ? rs.getString(1) : null;
                return Optional.ofNullable(min).map(InstantText::parse);
            }
        });
    }

    private List<Bonus> bonuses(String where, String param) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM bonuses WHERE " + where)) {
                ps.setString(1, param);
                try (ResultSet rs = ps.executeQuery()) {
                    List<Bonus> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(read(rs));
                    }
                    return out;
                }
            }
        });
    }

    private static Bonus read(ResultSet rs) throws SQLException {
        BonusIssued terms = new BonusIssued(rs.getString(1), rs.getString(2), rs.getString(3),
                Money.ofMinor(rs.getLong(4)), rs.getInt(5), InstantText.parse(rs.getString(6)), rs.getString(7));
        String closed = rs.getString(13);
        return new Bonus(terms, Bonus.Status.valueOf(rs.getString(8)), Money.ofMinor(rs.getLong(9)),
                Money.ofMinor(rs.getLong(10)), Money.ofMinor(rs.getLong(11)), InstantText.parse(rs.getString(12)),
                closed == null ? null : InstantText.parse(closed));
    }

    @Override
    public void insert(Bonus b) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO bonuses (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                var t = b.terms();
                ps.setString(1, t.transactionId());
                ps.setString(2, t.customerId());
                ps.setString(3, t.bonusType());
                ps.setLong(4, t.amount().minor());
                ps.setInt(5, t.wageringRequirement());
                ps.setString(6, t.expiresAt().toString());
                ps.setString(7, t.reference());
                ps.setString(8, b.status().name());
                ps.setLong(9, b.wagered().minor());
                ps.setLong(10, b.redeemed().minor());
                ps.setLong(11, b.forfeited().minor());
                ps.setString(12, b.issuedAt().toString());
                ps.setString(13, b.closedAt() == null ? null : b.closedAt().toString());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void update(Bonus b) {
        db.inTransaction(c -> updateIn(c, b));
    }

    private static int updateIn(Connection c, Bonus b) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE bonuses SET status = ?, wagered_minor = ?, "
                + "redeemed_minor = ?, forfeited_minor = ?, issued_at = ?, closed_at = ? WHERE transaction_id = ?")) {
            ps.setString(1, b.status().name());
            ps.setLong(2, b.wagered().minor());
            ps.setLong(3, b.redeemed().minor());
            ps.setLong(4, b.forfeited().minor());
            ps.setString(5, b.issuedAt().toString());
            ps.setString(6, b.closedAt() == null ? null : b.closedAt().toString());
            ps.setString(7, b.id());
            return ps.executeUpdate();
        }
    }

    @Override
    public void delete(String transactionId) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM bonuses WHERE transaction_id = ?")) {
                ps.setString(1, transactionId);
                return ps.executeUpdate();
            }
        });
    }

    /**
     * Three statements whatever the number of bonuses (was two joined writes per bonus): the wagers this settlement
     * already counted, one multi-row insert of the others and one update adding the stake to them.
     */
    @Override
    public List<String> recordWagers(String settlementId, List<String> transactionIds, Money stake) {
        if (transactionIds.isEmpty()) {
            return List.of();
        }
        return db.inTransaction(c -> {
            Set<String> counted = new HashSet<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT transaction_id FROM wagers WHERE settlement_id = ?")) {
                ps.setString(1, settlementId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        counted.add(rs.getString(1));
                    }
                }
            }
            List<String> fresh = transactionIds.stream().distinct().filter(id -> !counted.contains(id)).toList();
            for (int from = 0; from < fresh.size(); from += WAGER_CHUNK) {
                List<String> chunk = fresh.subList(from, Math.min(fresh.size(), from + WAGER_CHUNK));
                String marks = String.join(", ", Collections.nCopies(chunk.size(), "?"));
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO wagers(settlement_id, transaction_id,"
                        + " stake_minor) VALUES " + String.join(", ", Collections.nCopies(chunk.size(), "(?, ?, ?)")))) {
                    int i = 1;
                    for (String id : chunk) {
                        ps.setString(i++, settlementId);
                        ps.setString(i++, id);
                        ps.setLong(i++, stake.minor());
                    }
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("UPDATE bonuses SET wagered_minor = wagered_minor + ?"
                        + " WHERE status = 'ACTIVE' AND transaction_id IN (" + marks + ")")) {
                    ps.setLong(1, stake.minor());
                    int i = 2;
                    for (String id : chunk) {
                        ps.setString(i++, id);
                    }
                    ps.executeUpdate();
                }
            }
            return fresh;
        });
    }

    @Override
    public Optional<Redemption> redemption(String redemptionId) {
        return redemptions("redemption_id = ?", redemptionId).stream().findFirst();
    }

    @Override
    public List<Redemption> postingRedemptions() {
        return redemptions("status = ?", "POSTING");
    }

    private List<Redemption> redemptions(String where, String param) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT redemption_id, transaction_id, amount_minor, status, "
                    + "requested_at FROM redemptions WHERE " + where)) {
                ps.setString(1, param);
                try (ResultSet rs = ps.executeQuery()) {
                    List<Redemption> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(new Redemption(rs.getString(1), rs.getString(2), Money.ofMinor(rs.getLong(3)),
                                "POSTED".equals(rs.getString(4)), InstantText.parse(rs.getString(5))));
                    }
                    return out;
                }
            }
        });
    }

    @Override
    public void dropRedemption(String redemptionId) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM redemptions WHERE redemption_id = ? "
                    + "AND status = 'POSTING'")) {
                ps.setString(1, redemptionId);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void insertRedemption(Redemption r) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO redemptions(redemption_id, transaction_id, "
                    + "amount_minor, status, requested_at) VALUES (?, ?, ?, 'POSTING', ?)")) {
                ps.setString(1, r.redemptionId());
                ps.setString(2, r.transactionId());
                ps.setLong(3, r.amount().minor());
                ps.setString(4, r.requestedAt().toString());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void completeRedemption(String redemptionId, Bonus after) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE redemptions SET status = 'POSTED', "
                    + "remaining_after_minor = ? WHERE redemption_id = ?")) {
                ps.setLong(1, after.remaining().minor());
                ps.setString(2, redemptionId);
                ps.executeUpdate();
            }
            return updateIn(c, after);
        });
    }

    @Override
    public int redemptionCount(String transactionId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM redemptions WHERE transaction_id = ?")) {
                ps.setString(1, transactionId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }
}

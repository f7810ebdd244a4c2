package dev.crystal.settlement.adjustments.adapter;

import dev.crystal.settlement.adjustments.application.AdjustmentStore;
import dev.crystal.settlement.adjustments.domain.Adjustment;
import dev.crystal.settlement.contracts.AdjustmentsCommand.Direction;
import dev.crystal.settlement.kernel.Money;
import dev.crystal.store.Database;
import dev.crystal.store.InstantText;
import dev.crystal.store.Upsert;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Adjustments in SQLite or PostgreSQL (portable SQL). Thread ownership: the adjustments worker's thread (it alone uses the database). */
public final class JdbcAdjustmentStore implements AdjustmentStore {
    /** Flyway location of this store's SQLite schema. */
    public static final String MIGRATIONS = "classpath:db/adjustments";
    /** Flyway locations of this store's PostgreSQL schema: the shared migrations, then PostgreSQL's own. */
    public static final List<String> POSTGRES_MIGRATIONS = List.of(MIGRATIONS, "classpath:db/postgres/adjustments");

    private static final String COLUMNS = "adjustment_id, customer_id, direction, amount_minor, reason, requested_by, "
            + "approved_by, rejected_by, status, error, balance_minor, requested_at, decided_at";

    private final Database db;

    public JdbcAdjustmentStore(Database db) {
        this.db = db;
    }

    @Override
    public Optional<Adjustment> find(String adjustmentId) {
        return select("adjustment_id = ?", adjustmentId).stream().findFirst();
    }

    @Override
    public List<Adjustment> posting() {
        return select("status = ?", "POSTING");
    }

    private List<Adjustment> select(String where, String param) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM adjustments WHERE " + where)) {
                ps.setString(1, param);
                try (ResultSet rs = ps.executeQuery()) {
                    List<Adjustment> out = new ArrayList<>();
                    while (rs.next()) {
                        long balance = rs.getLong(11);
                        Money balanceMoney = rs.wasNull() ? null : Money.ofMinor(balance);
                        String decided = rs.getString(13);
                        out.add(new Adjustment(rs.getString(1), rs.getString(2), Direction.valueOf(rs.getString(3)),
                                Money.ofMinor(rs.getLong(4)), rs.getString(5), rs.getString(6), rs.getString(7),
                                rs.getString(8), Adjustment.Status.valueOf(rs.getString(9)), rs.getString(10),
                                balanceMoney, InstantText.parse(rs.getString(12)),
                                decided == null ? null : InstantText.parse(decided)));
                    }
                    return out;
                }
            }
        });
    }

    @Override
    public void insert(Adjustment a) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO adjustments (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                bind(ps, a);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void update(Adjustment a) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(Upsert.sql("adjustments", COLUMNS, "adjustment_id"))) {
                bind(ps, a);
                return ps.executeUpdate();
            }
        });
    }

    private static void bind(PreparedStatement ps, Adjustment a) throws SQLException {
        ps.setString(1, a.adjustmentId());
        ps.setString(2, a.customerId());
        ps.setString(3, a.direction().name());
        ps.setLong(4, a.amount().minor());
        ps.setString(5, a.reason());
        ps.setString(6, a.requestedBy());
        ps.setString(7, a.approvedBy());
        ps.setString(8, a.rejectedBy());
        ps.setString(9, a.status().name());
        ps.setString(10, a.error());
        if (a.balance() == null) {
            ps.setNull(11, Types.INTEGER);
        } else {
            ps.setLong(11, a.balance().minor());
        }
        ps.setString(12, a.requestedAt().toString());
        ps.setString(13, a.decidedAt() == null ? null : a.decidedAt().toString());
    }
}

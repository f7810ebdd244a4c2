package dev.crystal.settlement.distributions.adapter;

import dev.crystal.settlement.contracts.CommissionCalculated;
import dev.crystal.settlement.distributions.application.DistributionsStore;
import dev.crystal.settlement.distributions.domain.Affiliate;
import dev.crystal.settlement.distributions.domain.Statement;
import dev.crystal.settlement.kernel.Money;
import dev.crystal.store.Database;
import dev.crystal.store.InstantText;
import dev.crystal.store.Upsert;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The distributions domain in SQLite or PostgreSQL (portable SQL). Thread ownership: the distributions worker's thread. */
public final class JdbcDistributionsStore implements DistributionsStore {
    /** Flyway location of this store's SQLite schema. */
    public static final String MIGRATIONS = "classpath:db/distributions";
    /** Flyway locations of this store's PostgreSQL schema: the shared migrations, then PostgreSQL's own. */
    public static final List<String> POSTGRES_MIGRATIONS = List.of(MIGRATIONS, "classpath:db/postgres/distributions");

    private final Database db;

    public JdbcDistributionsStore(Database db) {
        this.db = db;
    }

    @Override
    public Optional<Affiliate> affiliate(String affiliateId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT affiliate_id, commission_rate, bonus_threshold_minor, "
                    + "bonus_rate, payment_method FROM affiliates WHERE affiliate_id = ?")) {
                ps.setString(1, affiliateId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    long threshold = rs.getLong(3);
                    Money thresholdMoney = rs.wasNull() ? null : Money.ofMinor(threshold);
                    String bonusRate = rs.getString(4);
                    return Optional.of(new Affiliate(rs.getString(1), new BigDecimal(rs.getString(2)), thresholdMoney,
                            bonusRate == null ? null : new BigDecimal(bonusRate), rs.getString(5)));
                }
            }
        });
    }

    @Override
    public List<String> affiliateIds() {
        return strings("SELECT affiliate_id FROM affiliates ORDER BY affiliate_id", null);
    }

    @Override
    public void insertAffiliate(Affiliate a, Instant at) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO affiliates(affiliate_id, commission_rate, "
                    + "bonus_threshold_minor, bonus_rate, payment_method, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, a.affiliateId());
                ps.setString(2, a.commissionRate().toPlainString());
                if (a.performanceBonusThreshold() == null) {
                    ps.setNull(3, Types.INTEGER);
                } else {
                    ps.setLong(3, a.performanceBonusThreshold().minor());
                }
                ps.setString(4, a.performanceBonusRate() == null ? null : a.performanceBonusRate().toPlainString());
                ps.setString(5, a.paymentMethod());
                ps.setString(6, at.toString());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public Optional<String> affiliateOf(String customerId) {
        return strings("SELECT affiliate_id FROM affiliate_customers WHERE customer_id = ?", customerId).stream()
                .findFirst();
    }

    @Override
    public List<String> customersOf(String affiliateId) {
        return strings("SELECT customer_id FROM affiliate_customers WHERE affiliate_id = ? ORDER BY customer_id",
                affiliateId);
    }

    private List<String> strings(String sql, String param) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                if (param != null) {
                    ps.setString(1, param);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    List<String> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                    return out;
                }
            }
        });
    }

    @Override
    public void link(String customerId, String affiliateId, Instant at) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO affiliate_customers(customer_id, affiliate_id, linked_at) VALUES (?, ?, ?)")) {
                ps.setString(1, customerId);
                ps.setString(2, affiliateId);
                ps.setString(3, at.toString());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public boolean recordRevenue(String settlementId, String affiliateId, String period, Money amount) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO revenue(settlement_id, affiliate_id, "
                    + "period, amount_minor) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                ps.setString(1, settlementId);
                ps.setString(2, affiliateId);
                ps.setString(3, period);
                ps.setLong(4, amount.minor());
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public Money revenue(String affiliateId, String period) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT COALESCE(SUM(amount_minor), 0) FROM revenue WHERE affiliate_id = ? AND period = ?")) {
                ps.setString(1, affiliateId);
                ps.setString(2, period);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return Money.ofMinor(rs.getLong(1));
                }
            }
        });
    }

    private static final String STATEMENT_COLUMNS = "affiliate_id, period, base_revenue_minor, commission_rate, "
            + "calculated_minor, performance_bonus_minor, total_minor, scheduled_date, payment_method, priority, status, "
            + "distribution_id, transaction_id, confirmation, paid_at";

    @Override
    public Optional<Statement> statement(String affiliateId, String period) {
        return statementsWhere("affiliate_id = ? AND period = ?", affiliateId, period).stream().findFirst();
    }

    @Override
    public List<Statement> statements(String affiliateId) {
        return statementsWhere("affiliate_id = ?", affiliateId, null);
    }

    @Override
    public List<Statement> paying() {
        return statementsWhere("status = 'PAYING'", null, null);
    }

    private List<Statement> statementsWhere(String where, String a, String b) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + STATEMENT_COLUMNS + " FROM statements WHERE "
                    + where + " ORDER BY period")) {
                if (a != null) {
                    ps.setString(1, a);
                }
                if (b != null) {
                    ps.setString(2, b);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    List<Statement> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(read(rs));
                    }
                    return out;
                }
            }
        });
    }

    private static Statement read(ResultSet rs) throws SQLException {
        var commission = new CommissionCalculated(rs.getString(1), rs.getString(2), Money.ofMinor(rs.getLong(3)),
                new BigDecimal(rs.getString(4)), Money.ofMinor(rs.getLong(5)), Money.ofMinor(rs.getLong(6)),
                Money.ofMinor(rs.getLong(7)), new CommissionCalculated.PaymentSchedule(LocalDate.parse(rs.getString(8)),
                rs.getString(9), rs.getString(10)));
        String paidAt = rs.getString(15);
        return new Statement(commission, Statement.Status.valueOf(rs.getString(11)), rs.getString(12),
                rs.getString(13), rs.getString(14), paidAt == null ? null : InstantText.parse(paidAt));
    }

    @Override
    public void save(Statement s) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    Upsert.sql("statements", STATEMENT_COLUMNS, "affiliate_id", "period"))) {
                var m = s.commission();
                ps.setString(1, m.recipientId());
                ps.setString(2, m.period());
                ps.setLong(3, m.baseRevenue().minor());
                ps.setString(4, m.commissionRate().toPlainString());
                ps.setLong(5, m.calculatedAmount().minor());
                ps.setLong(6, m.performanceBonus().minor());
                ps.setLong(7, m.totalAmount().minor());
                ps.setString(8, m.paymentSchedule().scheduledDate().toString());
                ps.setString(9, m.paymentSchedule().paymentMethod());
                ps.setString(10, m.paymentSchedule().priority());
                ps.setString(11, s.status().name());
                ps.setString(12, s.distributionId());
                ps.setString(13, s.transactionId());
                ps.setString(14, s.confirmation());
                ps.setString(15, s.paidAt() == null ? null : s.paidAt().toString());
                return ps.executeUpdate();
            }
        });
    }
}

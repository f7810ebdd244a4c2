package dev.crystal.settlement.balance.adapter;

import dev.crystal.settlement.balance.application.LedgerStore;
import dev.crystal.settlement.balance.domain.AccountId;
import dev.crystal.settlement.balance.domain.AccountKind;
import dev.crystal.settlement.balance.domain.Entry;
import dev.crystal.settlement.balance.domain.Hold;
import dev.crystal.settlement.balance.domain.Posting;
import dev.crystal.settlement.contracts.BalanceReply;
import dev.crystal.settlement.contracts.LedgerLine;
import dev.crystal.settlement.contracts.SettlementType;
import dev.crystal.settlement.kernel.Money;
import dev.crystal.store.Database;
import dev.crystal.store.InstantText;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ledger in SQLite or PostgreSQL (portable SQL). Each posting, its entries and the accounts' new balances commit in one
 * transaction. Thread ownership: the balance worker's thread (it alone uses the database).
 */
public final class JdbcLedgerStore implements LedgerStore {
    /** Flyway location of this store's SQLite schema. */
    public static final String MIGRATIONS = "classpath:db/balance";
    /** Flyway locations of this store's PostgreSQL schema: the shared migrations, then PostgreSQL's own. */
    public static final List<String> POSTGRES_MIGRATIONS = List.of(MIGRATIONS, "classpath:db/postgres/balance");

    private final Database db;
    private final InstantSource clock;

    public JdbcLedgerStore(Database db, InstantSource clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public boolean exists(AccountId account) {
        return balance(account).isPresent();
    }

    @Override
    public Optional<Money> balance(AccountId account) {
        return db.read(c -> balanceIn(c, account));
    }

    private static Optional<Money> balanceIn(Connection c, AccountId account) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT balance_minor FROM accounts WHERE account_id = ?")) {
            ps.setString(1, account.key());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(Money.ofMinor(rs.getLong(1))) : Optional.empty();
            }
        }
    }

    @Override
    public void open(AccountId account, Optional<Posting> funding) {
        db.inTransaction(c -> {
            createAccount(c, account);
            if (funding.isPresent()) {
                appendIn(c, funding.get());
            }
            return null;
        });
    }

    private void createAccount(Connection c, AccountId account) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO accounts(account_id, kind, owner, balance_minor, created_at) VALUES (?, ?, ?, 0, ?)")) {
            ps.setString(1, account.key());
            ps.setString(2, account.kind().name());
            ps.setString(3, account.owner());
            ps.setString(4, clock.instant().toString());
            ps.executeUpdate();
        }
    }

    @Override
    public Optional<RecordedPosting> posting(String postingId) {
        return db.read(c -> {
            String createdAt;
            try (PreparedStatement ps = c.prepareStatement("SELECT created_at FROM postings WHERE posting_id = ?")) {
                ps.setString(1, postingId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    createdAt = rs.getString(1);
                }
            }
            Map<AccountId, Money> after = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT account_id, balance_after_minor FROM entries WHERE posting_id = ? ORDER BY seq")) {
                ps.setString(1, postingId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        after.put(AccountId.parse(rs.getString(1)), Money.ofMinor(rs.getLong(2)));
                    }
                }
            }
            return Optional.of(new RecordedPosting(postingId, InstantText.parse(createdAt), after));
        });
    }

    @Override
    public RecordedPosting append(Posting posting) {
        return db.inTransaction(c -> appendIn(c, posting));
    }

    private RecordedPosting appendIn(Connection c, Posting posting) throws SQLException {
        Instant now = clock.instant();
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO postings(posting_id, reference, created_at) VALUES (?, ?, ?)")) {
            ps.setString(1, posting.postingId());
            ps.setString(2, posting.reference());
            ps.setString(3, now.toString());
            ps.executeUpdate();
        }
        Map<AccountId, Money> after = new LinkedHashMap<>();
        int seq = 0;
        for (Entry entry : posting.entries()) {
            Money balance = addTo(c, entry.account(), entry.amount());
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO entries(posting_id, seq, account_id, "
                    + "amount_minor, balance_after_minor) VALUES (?, ?, ?, ?, ?)")) {
                ps.setString(1, posting.postingId());
                ps.setInt(2, seq++);
                ps.setString(3, entry.account().key());
                ps.setLong(4, entry.amount().minor());
                ps.setLong(5, balance.minor());
                ps.executeUpdate();
            }
            after.put(entry.account(), balance);
        }
        return new RecordedPosting(posting.postingId(), now, after);
    }

    /**
     * Adds {@code amount} to the account's stored balance with a relative update (the row stays locked until the
     * transaction ends) and returns the balance it left, read back in the same transaction. Safe against a second
     * writer on the same database: two appends to one account serialise on the row instead of one overwriting
     * the other's balance. A missing house account is created (racing creators do not fail); a missing customer
     * account is refused.
     */
    private Money addTo(Connection c, AccountId account, Money amount) throws SQLException {
        if (addIn(c, account, amount) == 0) {
            if (account.kind() == AccountKind.CUSTOMER) {
                throw new IllegalStateException("no account " + account);
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO accounts(account_id, kind, owner, "
                    + "balance_minor, created_at) VALUES (?, ?, ?, 0, ?) ON CONFLICT (account_id) DO NOTHING")) {
                ps.setString(1, account.key());
                ps.setString(2, account.kind().name());
                ps.setString(3, account.owner());
                ps.setString(4, clock.instant().toString());
                ps.executeUpdate();
            }
            if (addIn(c, account, amount) == 0) {
                throw new IllegalStateException("account " + account + " could not be created");
            }
        }
        return balanceIn(c, account).orElseThrow(() -> new IllegalStateException("no account " + account));
    }

    private static int addIn(Connection c, AccountId account, Money amount) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE accounts SET balance_minor = balance_minor + ? WHERE account_id = ?")) {
            ps.setLong(1, amount.minor());
            ps.setString(2, account.key());
            return ps.executeUpdate();
        }
    }

    @Override
    public Money totalOfAllAccounts() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(SUM(balance_minor), 0) FROM accounts");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return Money.ofMinor(rs.getLong(1));
            }
        });
    }

    @Override
    public Money held(String customerId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT COALESCE(SUM(amount_minor), 0) FROM holds WHERE customer_id = ? AND status = 'ACTIVE'")) {
                ps.setString(1, customerId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return Money.ofMinor(rs.getLong(1));
                }
            }
        });
    }

    @Override
    public Optional<Hold> hold(String holdId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT hold_id, customer_id, amount_minor, reason, status FROM holds WHERE hold_id = ?")) {
                ps.setString(1, holdId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new Hold(rs.getString(1), rs.getString(2),
                            Money.ofMinor(rs.getLong(3)), rs.getString(4), Hold.Status.valueOf(rs.getString(5))))
                            : Optional.empty();
                }
            }
        });
    }

    @Override
    public void insertHold(Hold hold) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO holds(hold_id, customer_id, amount_minor, "
                    + "reason, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                String now = clock.instant().toString();
                ps.setString(1, hold.holdId());
                ps.setString(2, hold.customerId());
                ps.setLong(3, hold.amount().minor());
                ps.setString(4, hold.reason());
                ps.setString(5, hold.status().name());
                ps.setString(6, now);
                ps.setString(7, now);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void updateHold(Hold hold) {
        db.inTransaction(c -> updateHoldIn(c, hold));
    }

    private int updateHoldIn(Connection c, Hold hold) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE holds SET status = ?, updated_at = ? WHERE hold_id = ?")) {
            ps.setString(1, hold.status().name());
            ps.setString(2, clock.instant().toString());
            ps.setString(3, hold.holdId());
            return ps.executeUpdate();
        }
    }

    @Override
    public RecordedPosting capture(Hold captured, Posting posting) {
        return db.inTransaction(c -> {
            updateHoldIn(c, captured);
            return appendIn(c, posting);
        });
    }

    @Override
    public List<LedgerLine> lines(AccountId account, long beforeCursor, int limit) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT e.rowid, e.posting_id, p.reference, e.amount_minor, "
                    + "e.balance_after_minor, p.created_at FROM entries e JOIN postings p ON p.posting_id = e.posting_id "
                    + "WHERE e.account_id = ? AND (? = 0 OR e.rowid < ?) ORDER BY e.rowid DESC LIMIT ?")) {
                ps.setString(1, account.key());
                ps.setLong(2, beforeCursor);
                ps.setLong(3, beforeCursor);
                ps.setInt(4, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    List<LedgerLine> lines = new ArrayList<>();
                    while (rs.next()) {
                        lines.add(new LedgerLine(rs.getLong(1), rs.getString(2), rs.getString(3),
                                Money.ofMinor(rs.getLong(4)), Money.ofMinor(rs.getLong(5)),
                                InstantText.parse(rs.getString(6))));
                    }
                    return lines;
                }
            }
        });
    }

    @Override
    public List<String> mostRecentlyActiveCustomers(int limit) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT a.owner FROM entries e JOIN accounts a "
                    + "ON a.account_id = e.account_id WHERE a.kind = ? GROUP BY a.owner ORDER BY MAX(e.rowid) DESC "
                    + "LIMIT ?")) {
                ps.setString(1, AccountKind.CUSTOMER.name());
                ps.setInt(2, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    List<String> owners = new ArrayList<>();
                    while (rs.next()) {
                        owners.add(rs.getString(1));
                    }
                    return owners;
                }
            }
        });
    }

    @Override
    public List<BalanceReply.SettlementPosting> settlementPostings(long beforeCursor, int limit) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT e.rowid, e.posting_id, a.owner, e.amount_minor, "
                    + "e.balance_after_minor, p.created_at FROM entries e JOIN accounts a ON a.account_id = e.account_id "
                    + "JOIN postings p ON p.posting_id = e.posting_id WHERE e.posting_id LIKE 'settlement:%' "
                    + "AND a.kind = ? AND (? = 0 OR e.rowid < ?) ORDER BY e.rowid DESC LIMIT ?")) {
                ps.setString(1, AccountKind.CUSTOMER.name());
                ps.setLong(2, beforeCursor);
                ps.setLong(3, beforeCursor);
                ps.setInt(4, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    List<BalanceReply.SettlementPosting> postings = new ArrayList<>();
                    while (rs.next()) {
                        long amountMinor = rs.getLong(4);
                        postings.add(new BalanceReply.SettlementPosting(rs.getLong(1),
                                rs.getString(2).substring("settlement:".length()), rs.getString(3),
                                amountMinor > 0 ? SettlementType.PAYOUT : SettlementType.COLLECTION,
                                Money.ofMinor(Math.abs(amountMinor)), Money.ofMinor(rs.getLong(5)),
                                Instant.parse(rs.getString(6))));
                    }
                    return postings;
                }
            }
        });
    }
}

package dev.crystal.settlement.balance.adapter;

import dev.crystal.settlement.balance.application.LedgerStore;
import dev.crystal.settlement.balance.domain.AccountId;
import dev.crystal.settlement.balance.domain.Entry;
import dev.crystal.settlement.balance.domain.Posting;
import dev.crystal.settlement.kernel.Money;
import dev.crystal.store.SqliteDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The ledger in SQLite. Each posting, its entries and the accounts' new balances commit in one
 * transaction. Thread ownership: the balance worker's thread (it owns the connection).
 */
public final class SqliteLedgerStore implements LedgerStore {
    /** Flyway location of this store's schema. */
    public static final String MIGRATIONS = "classpath:db/balance";

    private final SqliteDatabase db;
    private final InstantSource clock;

    public SqliteLedgerStore(SqliteDatabase db, InstantSource clock) {
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
    public Optional<Money> balanceAfter(String postingId, AccountId account) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT balance_after_minor FROM entries WHERE posting_id = ? AND account_id = ? ORDER BY seq DESC LIMIT 1")) {
                ps.setString(1, postingId);
                ps.setString(2, account.key());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(Money.ofMinor(rs.getLong(1))) : Optional.empty();
                }
            }
        });
    }

    @Override
    public Map<AccountId, Money> append(Posting posting) {
        return db.inTransaction(c -> appendIn(c, posting));
    }

    private Map<AccountId, Money> appendIn(Connection c, Posting posting) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO postings(posting_id, reference, created_at) VALUES (?, ?, ?)")) {
            ps.setString(1, posting.postingId());
            ps.setString(2, posting.reference());
            ps.setString(3, clock.instant().toString());
            ps.executeUpdate();
        }
        Map<AccountId, Money> after = new LinkedHashMap<>();
        int seq = 0;
        for (Entry entry : posting.entries()) {
            Optional<Money> current = balanceIn(c, entry.account());
            if (current.isEmpty()) {
                if (entry.account().kind() == dev.crystal.settlement.balance.domain.AccountKind.CUSTOMER) {
                    throw new IllegalStateException("no account " + entry.account());
                }
                createAccount(c, entry.account());
                current = Optional.of(Money.ZERO);
            }
            Money balance = current.get().plus(entry.amount());
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE accounts SET balance_minor = ? WHERE account_id = ?")) {
                ps.setLong(1, balance.minor());
                ps.setString(2, entry.account().key());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO entries(posting_id, seq, account_id, amount_minor, balance_after_minor) VALUES (?, ?, ?, ?, ?)")) {
                ps.setString(1, posting.postingId());
                ps.setInt(2, seq++);
                ps.setString(3, entry.account().key());
                ps.setLong(4, entry.amount().minor());
                ps.setLong(5, balance.minor());
                ps.executeUpdate();
            }
            after.put(entry.account(), balance);
        }
        return after;
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
}

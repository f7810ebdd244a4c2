package dev.crystal.server.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crystal.server.load.OperationKind;
import dev.crystal.settlement.balance.adapter.JdbcLedgerStore;
import dev.crystal.settlement.collections.adapter.JdbcSettlementStore;
import dev.crystal.settlement.freeplay.adapter.JdbcBonusStore;
import dev.crystal.store.SqliteDatabase;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chaos audit against real SQLite stores made by the domains' own migrations: it sees every kind of damage. */
class StoreAuditTest {
    @TempDir
    Path dir;

    private final List<Acknowledgements.Answer> acknowledged = new ArrayList<>();

    @BeforeEach
    void storesWithOneCompletedPayout() throws SQLException {
        SqliteDatabase.open(dir.resolve("balance.db"), JdbcLedgerStore.MIGRATIONS).close();
        SqliteDatabase.open(dir.resolve("collections.db"), JdbcSettlementStore.MIGRATIONS).close();
        SqliteDatabase.open(dir.resolve("freeplay.db"), JdbcBonusStore.MIGRATIONS).close();
        sql("balance", "INSERT INTO accounts VALUES ('external:funding', 'EXTERNAL', 'funding', -50000, 't'),"
                + " ('house:house', 'HOUSE', 'house', -10000, 't'), ('customer:C1', 'CUSTOMER', 'C1', 60000, 't')");
        sql("balance", "INSERT INTO postings VALUES ('open:C1', 'opening', 't'), ('settlement:S1', 'payout', 't')");
        sql("balance", "INSERT INTO entries VALUES ('open:C1', 1, 'external:funding', -50000, -50000),"
                + " ('open:C1', 2, 'customer:C1', 50000, 50000), ('settlement:S1', 1, 'house:house', -10000, -10000),"
                + " ('settlement:S1', 2, 'customer:C1', 10000, 60000)");
        settlement("S1", "COMPLETED");
        acknowledged.add(answer(OperationKind.PAYOUT, "S1", 200, "{\"status\":\"completed\"}"));
    }

    @Test
    void aConsistentLedgerWithEveryAcknowledgedSettlementIsClean() throws SQLException {
        StoreAudit.Result audit = StoreAudit.audit(stores(), acknowledged);

        assertThat(audit).isEqualTo(new StoreAudit.Result(0, 0, 0, 0, 0, 0, List.of()));
        assertThat(audit.clean()).isTrue();
        assertThat(StoreAudit.unfinished(stores())).isZero();
    }

    @Test
    void lostDuplicatedStuckOrphanedAndOffAccountsAreEachCounted() throws SQLException {
        acknowledged.add(answer(OperationKind.COLLECTION, "S2", 200, "{\"status\":\"completed\"}")); // absent: lost
        settlement("S3", "PENDING");                                                                   // stuck
        acknowledged.add(answer(OperationKind.PAYOUT, "S3", 202, "{\"status\":\"pending\"}"));
        settlement("S5", "FAILED");                                                   // answered completed: lost
        acknowledged.add(answer(OperationKind.PAYOUT, "S5", 200, "{\"status\":\"completed\"}"));
        sql("balance", "INSERT INTO entries VALUES ('settlement:S1', 3, 'house:house', -10000, -20000),"
                + " ('settlement:S1', 4, 'customer:C1', 10000, 70000)");                       // applied twice
        sql("balance", "INSERT INTO postings VALUES ('settlement:S4', 'payout', 't')");        // no settlement row
        sql("balance", "INSERT INTO entries VALUES ('settlement:S4', 1, 'house:house', -3000, -23000),"
                + " ('settlement:S4', 2, 'customer:C1', 3000, 73000)");
        sql("balance", "UPDATE accounts SET balance_minor = balance_minor + 1 WHERE account_id = 'customer:C1'");
        sql("freeplay", "INSERT INTO bonuses (transaction_id, customer_id, bonus_type, amount_minor,"
                + " wagering_requirement, expires_at, status, issued_at) VALUES ('B1', 'C1', 'free_play', 500, 1, 't',"
                + " 'ACTIVE', 't')");                                                             // no posting

        StoreAudit.Result audit = StoreAudit.audit(stores(), acknowledged);

        assertThat(audit.lost()).as("S2 absent, S5 answered completed but failed").isEqualTo(2);
        assertThat(audit.duplicated()).as("settlement:S1 has four entries").isEqualTo(1);
        assertThat(audit.stuck()).as("S3 pending").isEqualTo(1);
        assertThat(audit.orphans()).as("settlement:S4 without its row, bonus B1 without its posting").isEqualTo(2);
        assertThat(BigDecimal.valueOf(audit.ledgerSumMinor(), 2)).isEqualByComparingTo("0.01");
        assertThat(audit.accountsOff()).as("house and C1 differ from their entries").isEqualTo(2);
        assertThat(audit.clean()).isFalse();
        assertThat(audit.examples()).anyMatch(e -> e.startsWith("lost: collection S2"))
                .anyMatch(e -> e.contains("settlement:S4")).anyMatch(e -> e.startsWith("account off: customer:C1"));
        assertThat(StoreAudit.unfinished(stores())).isEqualTo(1);
    }

    private void settlement(String id, String status) throws SQLException {
        sql("collections", "INSERT INTO settlements (settlement_id, customer_id, type, amount_minor, fingerprint, status,"
                + " correlation_id, created_at, updated_at) VALUES ('" + id + "', 'C1', 'payout', 10000, 'f', '" + status
                + "', 'corr', 't', 't')");
    }

    private static Acknowledgements.Answer answer(OperationKind kind, String id, int status, String body) {
        return new Acknowledgements.Answer(kind, id, HttpRequest.newBuilder(URI.create("http://127.0.0.1:1/")).build(),
                status, body);
    }

    private StoreAudit.Stores stores() {
        return domain -> DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(domain + ".db"));
    }

    private void sql(String domain, String statement) throws SQLException {
        try (Connection c = stores().open(domain); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}

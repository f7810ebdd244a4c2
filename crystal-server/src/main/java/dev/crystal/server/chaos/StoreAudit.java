package dev.crystal.server.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The audit of one chaos run, read straight from the domain stores (SQLite files or PostgreSQL schemas, the same
 * SQL): what was acknowledged against what is there. Stateless; runs on the chaos run's thread.
 *
 * <ul>
 *   <li><b>lost</b>: answered 2xx, but its settlement, bonus or redemption row is absent, or answered
 *       {@code completed} while the settlement is not {@code COMPLETED};</li>
 *   <li><b>duplicated</b>: a posting with more entries than one transfer (two), i.e. applied twice;</li>
 *   <li><b>stuck</b>: a settlement still {@code PENDING}, a bonus {@code ISSUING}, a redemption {@code POSTING};</li>
 *   <li><b>orphans</b>: a posting whose settlement, bonus or redemption row is absent or says the money did not
 *       move, and a completed row whose posting is absent;</li>
 *   <li><b>ledger sum</b>: the sum of every account's balance (zero in a double-entry ledger);</li>
 *   <li><b>accounts off</b>: accounts whose stored balance differs from the sum of their entries.</li>
 * </ul>
 */
final class StoreAudit {
    private static final int EXAMPLES = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Opens a read connection to one domain's store. */
    @FunctionalInterface
    interface Stores {
        Connection open(String domain) throws SQLException;
    }

    /** The audit's counts, with a few example ids per finding. */
    record Result(long lost, long duplicated, long stuck, long orphans, long ledgerSumMinor, long accountsOff,
                  List<String> examples) {
        boolean clean() {
            return lost == 0 && duplicated == 0 && stuck == 0 && orphans == 0 && ledgerSumMinor == 0 && accountsOff == 0;
        }
    }

    private StoreAudit() {
    }

    /** Settlements, bonuses and redemptions not yet final: the run waits for this to reach zero after the fault. */
    static long unfinished(Stores stores) throws SQLException {
        return count(stores, "collections", "SELECT COUNT(*) FROM settlements WHERE status = 'PENDING'")
                + count(stores, "freeplay", "SELECT COUNT(*) FROM bonuses WHERE status = 'ISSUING'")
                + count(stores, "freeplay", "SELECT COUNT(*) FROM redemptions WHERE status = 'POSTING'");
    }

    static Result audit(Stores stores, List<Acknowledgements.Answer> acknowledged) throws SQLException {
        List<String> examples = new ArrayList<>();
        Set<String> postings = new HashSet<>();
        long duplicated;
        long ledgerSum;
        long accountsOff;
        try (Connection c = stores.open("balance"); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT posting_id FROM postings")) {
                while (rs.next()) {
                    postings.add(rs.getString(1));
                }
            }
            duplicated = 0;
            try (ResultSet rs = s.executeQuery("SELECT posting_id, COUNT(*) FROM entries GROUP BY posting_id"
                    + " HAVING COUNT(*) > 2")) {
                while (rs.next()) {
                    duplicated += rs.getLong(2) / 2 - 1;
                    example(examples, "duplicated: posting " + rs.getString(1) + " has " + rs.getLong(2) + " entries");
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT COALESCE(SUM(balance_minor), 0) FROM accounts")) {
                rs.next();
                ledgerSum = rs.getLong(1);
            }
            accountsOff = 0;
            try (ResultSet rs = s.executeQuery("SELECT a.account_id, a.balance_minor, COALESCE(e.total, 0) FROM accounts a"
                    + " LEFT JOIN (SELECT account_id, SUM(amount_minor) AS total FROM entries GROUP BY account_id) e"
                    + " ON e.account_id = a.account_id WHERE a.balance_minor <> COALESCE(e.total, 0)")) {
                while (rs.next()) {
                    accountsOff++;
                    example(examples, "account off: " + rs.getString(1) + " balance " + rs.getLong(2)
                            + " ≠ entries " + rs.getLong(3));
                }
            }
        }
        Map<String, String> settlements = rows(stores, "collections", "SELECT settlement_id, status FROM settlements");
        Map<String, String> bonuses = rows(stores, "freeplay", "SELECT transaction_id, status FROM bonuses");
        Map<String, String> redemptions = rows(stores, "freeplay", "SELECT redemption_id, status FROM redemptions");

        long stuck = 0;
        stuck += stuck(settlements, "PENDING", "settlement", examples);
        stuck += stuck(bonuses, "ISSUING", "bonus", examples);
        stuck += stuck(redemptions, "POSTING", "redemption", examples);

        long orphans = 0;
        for (String posting : postings) {
            int colon = posting.indexOf(':');
            String kind = colon < 0 ? "" : posting.substring(0, colon);
            String id = posting.substring(colon + 1);
            String status = switch (kind) {
                case "settlement" -> settlements.get(id);
                case "bonus" -> bonuses.get(id);
                case "redeem" -> redemptions.get(id);
                default -> "n/a";
            };
            boolean moved = status != null && switch (kind) {
                case "settlement" -> !status.equals("FAILED");
                case "bonus" -> true;
                case "redeem" -> true;
                default -> true;
            };
            if (!moved) {
                orphans++;
                example(examples, "orphan: posting " + posting + " but its row is " + (status == null ? "absent" : status));
            }
        }
        orphans += missingPosting(settlements, "COMPLETED", "settlement:", postings, examples);
        for (Map.Entry<String, String> bonus : bonuses.entrySet()) {
            if (!bonus.getValue().equals("ISSUING") && !postings.contains("bonus:" + bonus.getKey())) {
                orphans++;
                example(examples, "orphan: bonus " + bonus.getKey() + " is " + bonus.getValue() + " without its posting");
            }
        }
        orphans += missingPosting(redemptions, "POSTED", "redeem:", postings, examples);

        long lost = 0;
        for (Acknowledgements.Answer answer : acknowledged) {
            Map<String, String> table = switch (answer.kind()) {
                case PAYOUT, COLLECTION, OVERDRAFT -> settlements;
                case BONUS -> bonuses;
                case REDEMPTION -> redemptions;
            };
            String status = table.get(answer.id());
            if (status == null) {
                lost++;
                example(examples, "lost: " + answer.kind().wireName() + " " + answer.id() + " answered " + answer.status()
                        + " but absent");
            } else if (table == settlements && "completed".equals(answeredStatus(answer)) && !status.equals("COMPLETED")) {
                lost++;
                example(examples, "lost: settlement " + answer.id() + " answered completed but is " + status);
            }
        }
        return new Result(lost, duplicated, stuck, orphans, ledgerSum, accountsOff, List.copyOf(examples));
    }

    private static String answeredStatus(Acknowledgements.Answer answer) {
        try {
            JsonNode body = JSON.readTree(answer.body());
            return body == null ? null : body.path("status").asText(null);
        } catch (IOException notJson) {
            return null;
        }
    }

    private static long stuck(Map<String, String> rows, String unfinished, String what, List<String> examples) {
        long n = 0;
        for (Map.Entry<String, String> row : rows.entrySet()) {
            if (row.getValue().equals(unfinished)) {
                n++;
                example(examples, "stuck: " + what + " " + row.getKey() + " still " + unfinished);
            }
        }
        return n;
    }

    private static long missingPosting(Map<String, String> rows, String done, String prefix, Set<String> postings,
                                       List<String> examples) {
        long n = 0;
        for (Map.Entry<String, String> row : rows.entrySet()) {
            if (row.getValue().equals(done) && !postings.contains(prefix + row.getKey())) {
                n++;
                example(examples, "orphan: " + prefix + row.getKey() + " is " + done + " without its posting");
            }
        }
        return n;
    }

    private static void example(List<String> examples, String line) {
        String kind = line.substring(0, line.indexOf(':'));
        if (examples.stream().filter(e -> e.startsWith(kind + ":")).count() < EXAMPLES) {
            examples.add(line);
        }
    }

    private static Map<String, String> rows(Stores stores, String domain, String sql) throws SQLException {
        Map<String, String> rows = new HashMap<>();
        try (Connection c = stores.open(domain); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rows.put(rs.getString(1), rs.getString(2));
            }
        }
        return rows;
    }

    private static long count(Stores stores, String domain, String sql) throws SQLException {
        try (Connection c = stores.open(domain); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

package dev.crystal.jobs.sqlite;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Migration 2 of the job store ("job operations"): job ids never repeat, LIFO jobs sort first, attempts may time out,
 * operators pause schedules. The {@code jobs} table is rebuilt with {@code AUTOINCREMENT} (a plain
 * {@code INTEGER PRIMARY KEY} gives a removed newest job's id to the next job) and two columns more:
 * {@code lifo_order} (0 for FIFO, {@code -seq} for LIFO, so newest first) and {@code timeout_ms} (0: no limit).
 *
 * <p>Written in Java so that the rebuilt table is read from the table migration 1 created ({@code sqlite_master}
 * and {@code PRAGMA table_info}) instead of a second copy of its forty lines of DDL. It was the SQL file
 * {@code V2__job_operations.sql} until then; databases migrated by that file keep their history: the row is
 * re-labelled as this migration by {@link #relabelAppliedSqlFile} (only a row with that file's exact checksum), and
 * {@link #getChecksum()} is that file's checksum. Stateless.
 */
final class JobOperationsMigration implements JavaMigration {
    /** The checksum Flyway recorded for {@code V2__job_operations.sql}: what this migration replaces, unchanged. */
    static final int CHECKSUM = 1453281814;
    static final String DESCRIPTION = "job operations";

    private static final List<String> AFTER_REBUILD = List.of(
            "CREATE UNIQUE INDEX jobs_custom_id ON jobs (queue, custom_id) WHERE custom_id IS NOT NULL",
            "CREATE INDEX jobs_ready ON jobs (queue, priority, lifo_order, seq) WHERE state IN ('waiting', 'prioritized')",
            "CREATE INDEX jobs_delayed ON jobs (queue, run_at) WHERE state = 'delayed'",
            "CREATE INDEX jobs_active ON jobs (lock_until) WHERE state = 'active'",
            "CREATE INDEX jobs_completed ON jobs (queue, finished_at) WHERE state = 'completed'",
            "CREATE INDEX jobs_failed ON jobs (queue, finished_at) WHERE state = 'failed'",
            "CREATE INDEX jobs_waiting_children ON jobs (queue, seq) WHERE state = 'waiting-children'",
            "CREATE INDEX jobs_parent ON jobs (parent_seq) WHERE parent_seq IS NOT NULL",
            // dropped with the old table: logs and child values go with their job
            """
            CREATE TRIGGER jobs_deleted AFTER DELETE ON jobs
            BEGIN
                DELETE FROM job_logs WHERE seq = OLD.seq;
                DELETE FROM child_values WHERE parent_seq = OLD.seq;
            END""",
            // operators pause schedules; firing counts the jobs a schedule added (for its limit)
            "ALTER TABLE schedules ADD COLUMN paused INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE schedules ADD COLUMN runs INTEGER NOT NULL DEFAULT 0",
            "CREATE INDEX schedules_queue ON schedules (queue)");

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("2");
    }

    @Override
    public String getDescription() {
        return DESCRIPTION;
    }

    @Override
    public Integer getChecksum() {
        return CHECKSUM;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        String created = createdTable(c);
        List<String> columns = columns(c);
        try (Statement s = c.createStatement()) {
            s.execute(rebuilt(created));
            String list = String.join(", ", columns);
            s.execute("INSERT INTO jobs_autoincrement (" + list + ") SELECT " + list + " FROM jobs");
            s.execute("DROP TABLE jobs");
            s.execute("ALTER TABLE jobs_autoincrement RENAME TO jobs");
            for (String statement : AFTER_REBUILD) {
                s.execute(statement);
            }
        }
    }

    /** Migration 1's {@code CREATE TABLE jobs}, as SQLite keeps it. */
    private static String createdTable(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'jobs'")) {
            if (!rs.next()) {
                throw new SQLException("job store migration 2: table jobs (migration 1) is missing");
            }
            return rs.getString(1);
        }
    }

    private static List<String> columns(Connection c) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA table_info(jobs)")) {
            while (rs.next()) {
                names.add(rs.getString("name"));
            }
        }
        return names;
    }

    /** The same table under a new name, {@code seq} with AUTOINCREMENT, and the two new columns. */
    static String rebuilt(String created) throws SQLException {
        String renamed = created.replaceFirst("^CREATE TABLE \"?jobs\"? \\(", "CREATE TABLE jobs_autoincrement (");
        String autoincrement = renamed.replaceFirst("(\\bseq\\s+INTEGER PRIMARY KEY)\\s*,", "$1 AUTOINCREMENT,");
        int end = autoincrement.lastIndexOf(')');
        if (renamed.equals(created) || autoincrement.equals(renamed) || end < 0) {
            throw new SQLException("job store migration 2: unexpected definition of table jobs: " + created);
        }
        return autoincrement.substring(0, end).stripTrailing()
                + ",\n    lifo_order INTEGER NOT NULL DEFAULT 0,\n    timeout_ms INTEGER NOT NULL DEFAULT 0\n)";
    }

    /**
     * Re-labels a database's record of {@code V2__job_operations.sql} (type {@code SQL}, its exact checksum) as this
     * migration (type {@code JDBC}), so Flyway's validation accepts the database as migrated: the statements are
     * the same. Does nothing on a new database or one already re-labelled.
     *
     * @param historyTable the store's Flyway history table
     * @return how many rows were re-labelled (0 or 1)
     */
    static int relabelAppliedSqlFile(Connection c, String historyTable) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '"
                     + historyTable + "'")) {
            if (!rs.next() || rs.getInt(1) == 0) {
                return 0;
            }
        }
        try (var update = c.prepareStatement("UPDATE " + historyTable + " SET type = 'JDBC', script = ?"
                + " WHERE version = '2' AND type = 'SQL' AND checksum = ? AND script = 'V2__job_operations.sql'")) {
            update.setString(1, JobOperationsMigration.class.getName());
            update.setInt(2, CHECKSUM);
            return update.executeUpdate();
        }
    }
}

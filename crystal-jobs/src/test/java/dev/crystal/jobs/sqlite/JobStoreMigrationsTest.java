package dev.crystal.jobs.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Migration 2 in Java builds the schema the SQL file it replaced built, and a database that file migrated (a
 * fixture made by the released SQL migrations 1, 2 and 20) opens unchanged: validated, nothing run again.
 */
class JobStoreMigrationsTest {
    private static final String FIXTURE = "/fixtures/jobs-migrated-by-sql-v2.db";

    @TempDir
    Path dir;

    @Test
    void aNewStoreHasTheSchemaTheSqlMigrationsBuilt() throws Exception {
        Path fresh = dir.resolve("fresh.db");
        SqliteJobStore.open(fresh).close();
        Path released = copyFixture();

        for (String query : List.of(
                "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info('jobs') ORDER BY cid",
                "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info('schedules') ORDER BY cid",
                "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE type IN ('index', 'trigger')"
                        + " AND name NOT LIKE 'crystal_jobs_schema_history%' ORDER BY name")) {
            assertThat(rows(fresh, query)).as(query).isEqualTo(rows(released, query)).isNotEmpty();
        }
        assertThat(rows(fresh, "SELECT sql FROM sqlite_master WHERE name = 'jobs'").get(0))
                .contains("seq              INTEGER PRIMARY KEY AUTOINCREMENT");
    }

    @Test
    void aDatabaseTheSqlFileMigratedOpensWithItsHistoryRelabelledAndNothingRunAgain() throws Exception {
        Path released = copyFixture();
        List<String> schemaBefore = rows(released, "SELECT type, name, sql FROM sqlite_master ORDER BY name");

        try (SqliteJobStore store = SqliteJobStore.open(released)) {
            assertThat(store.ports()).isNotNull();
        }

        assertThat(rows(released, "SELECT type, name, sql FROM sqlite_master ORDER BY name")).isEqualTo(schemaBefore);
        assertThat(rows(released, "SELECT version, type, script, checksum FROM crystal_jobs_schema_history"
                + " ORDER BY installed_rank")).containsExactly(
                "1|SQL|V1__jobs.sql|2137732233",
                "2|JDBC|" + JobOperationsMigration.class.getName() + "|" + JobOperationsMigration.CHECKSUM,
                "20|SQL|V20__job_events.sql|-1114665113");
        try (SqliteJobStore again = SqliteJobStore.open(released)) {
            assertThat(again.ports()).isNotNull();
        }
    }

    @Test
    void onlyTheReleasedFilesExactRecordIsRelabelled() throws Exception {
        Path released = copyFixture();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + released);
             Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE crystal_jobs_schema_history SET checksum = 42 WHERE version = '2'");
            assertThat(JobOperationsMigration.relabelAppliedSqlFile(c, SqliteJobStore.HISTORY_TABLE)).isZero();
        }
        // a record of some other migration 2 is still refused by Flyway's validation, as before
        assertThatThrownBy(() -> SqliteJobStore.open(released)).hasMessageContaining("Validate failed");
    }

    @Test
    void aTableDefinitionItCannotRebuildIsRefusedByName() {
        assertThatThrownBy(() -> JobOperationsMigration.rebuilt("CREATE TABLE other (seq INTEGER PRIMARY KEY)"))
                .isInstanceOf(SQLException.class).hasMessageContaining("unexpected definition of table jobs");
    }

    private Path copyFixture() throws IOException {
        Path copy = dir.resolve("released-" + System.nanoTime() + ".db");
        try (InputStream in = JobStoreMigrationsTest.class.getResourceAsStream(FIXTURE)) {
            Files.copy(in, copy);
        }
        return copy;
    }

    private static List<String> rows(Path db, String query) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    row.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }
}

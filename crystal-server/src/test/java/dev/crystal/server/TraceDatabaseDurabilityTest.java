package dev.crystal.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crystal.settlement.assembly.DomainDatabases;
import dev.crystal.settlement.assembly.DomainSettings;
import dev.crystal.settlement.balance.adapter.JdbcLedgerStore;
import dev.crystal.store.Database;
import dev.crystal.store.SqliteDatabase;
import dev.crystal.store.inbox.InboxWorker;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trace log is diagnostics: its file is synced at checkpoints only, while a domain's file is synced per commit. */
class TraceDatabaseDurabilityTest {
    @TempDir
    Path dir;

    @Test
    void theTraceDatabaseIsSynchronousNormalAndADomainDatabaseStaysFull() {
        DomainDatabases databases = DomainDatabases.sqlite(dir);
        try (Platform.Traces traces = Platform.Traces.open(databases, "embedded", DomainSettings.defaults(),
                Clock.systemUTC(), null);
             Database balance = databases.open("balance", List.of(JdbcLedgerStore.MIGRATIONS, InboxWorker.MIGRATIONS),
                     List.of())) {
            SqliteDatabase traceDb = (SqliteDatabase) traces.db();
            assertThat(traceDb.file()).isEqualTo(dir.resolve("traces.db"));
            assertThat(traceDb.pragma("journal_mode")).isEqualTo("wal");
            assertThat(traceDb.pragma("synchronous")).isEqualTo("1"); // NORMAL
            assertThat(((SqliteDatabase) balance).pragma("synchronous")).isEqualTo("2"); // FULL
        }
    }
}

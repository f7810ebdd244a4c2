package dev.crystal.store.inbox;

import dev.crystal.store.Database;
import dev.crystal.store.SqliteDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/** {@link InboxWorkerContract} on SQLite files in a temporary directory. Thread ownership: the JUnit thread. */
class SqliteInboxWorkerTest extends InboxWorkerContract {
    @TempDir
    Path dir;

    private final List<Database> opened = new ArrayList<>();

    @Override
    protected Database open(String name) {
        Database db = SqliteDatabase.open(dir.resolve(name + ".db"), CounterWorker.MIGRATIONS);
        opened.add(db);
        return db;
    }

    @Override
    protected void dropAll() {
        opened.forEach(Database::close);
    }
}

package dev.crystal.store.deadletter;

import dev.crystal.store.Database;
import dev.crystal.store.SqliteDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/** {@link DeadLetterLogContract} on SQLite files in a temporary directory. Thread ownership: the JUnit thread. */
class SqliteDeadLetterLogTest extends DeadLetterLogContract {
    @TempDir
    Path dir;

    private final List<Database> opened = new ArrayList<>();

    @Override
    protected Database open(String name) {
        Database db = SqliteDatabase.open(dir.resolve(name + ".db"), JdbcDeadLetterLog.MIGRATIONS);
        opened.add(db);
        return db;
    }

    @Override
    protected void dropAll() {
        opened.forEach(Database::close);
    }
}

package dev.crystal.store.deadletter;

import dev.crystal.store.Database;
import dev.crystal.store.SqliteDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** {@link JdbcDeadLetterLogContract} on SQLite files in a temporary directory. Thread ownership: the JUnit thread. */
class SqliteDeadLetterLogTest extends JdbcDeadLetterLogContract {
    @TempDir
    Path dir;

    @Override
    protected Database database(String name) {
        return SqliteDatabase.open(dir.resolve(name + ".db"), JdbcDeadLetterLog.MIGRATIONS);
    }

    @Override
    protected void removeAll() {
        // the temporary directory goes with the test
    }
}

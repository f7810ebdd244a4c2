package dev.crystal.store.keys;

import dev.crystal.store.Database;
import dev.crystal.store.SqliteDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/** {@link ApiKeyStoreContract} on SQLite files in a temporary directory. Thread ownership: the JUnit thread. */
class SqliteApiKeyStoreTest extends ApiKeyStoreContract {
    @TempDir
    Path dir;

    private final List<Database> opened = new ArrayList<>();

    @Override
    protected Database open(String name) {
        Database db = SqliteDatabase.open(dir.resolve(name + ".db"), JdbcApiKeyStore.MIGRATIONS);
        opened.add(db);
        return db;
    }

    @Override
    protected void dropAll() {
        opened.forEach(Database::close);
    }
}

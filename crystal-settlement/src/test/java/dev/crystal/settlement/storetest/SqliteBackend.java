package dev.crystal.settlement.storetest;

import dev.crystal.settlement.assembly.SettlementAssembly;
import dev.crystal.store.Database;
import dev.crystal.store.SqliteDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** SQLite files under a fresh temporary directory, deleted on close. Thread ownership: the test's thread. */
final class SqliteBackend implements StoreBackend {
    private final Path dir;
    private final List<Database> opened = new ArrayList<>();

    SqliteBackend() {
        try {
            dir = Files.createTempDirectory("crystal-store-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Database open(String domain) {
        Database db = SqliteDatabase.open(dir.resolve(domain + ".db"),
                SettlementAssembly.withInbox(List.of("classpath:db/" + domain)));
        opened.add(db);
        return db;
    }

    @Override
    public void close() {
        opened.forEach(Database::close);
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.crystal.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code crystal serve} on real data directories: a used directory with a missing, empty or corrupt domain
 * database refuses to start with one line naming the file (exit 1); a new, empty directory starts; {@code --init}
 * recreates a missing database. Thread ownership: the JUnit thread.
 */
@Tag("system")
class DataDirectoryIntegrityTest {
    @TempDir
    Path dir;

    /** A data directory in which the platform has run and stored a customer. */
    private Path usedDataDir() throws Exception {
        Path data = dir.resolve("data");
        try (ServeProcess serve = ServeProcess.start(data, dir.resolve("first.log"))) {
            var created = serve.api().post("/customers",
                    "{\"customerId\":\"CUST_001\",\"openingBalance\":100.00}");
            assertThat(created.status()).isEqualTo(201);
            assertThat(serve.terminate()).isZero();
        }
        return data;
    }

    @Test
    void aNewEmptyDirectoryStartsAndAMissingDomainDatabaseIsRefusedUnlessInit() throws Exception {
        Path data = usedDataDir();
        Files.delete(data.resolve("balance.db"));

        ServeProcess.Refusal refusal = ServeProcess.refused(data);
        assertThat(refusal.exit()).isEqualTo(1);
        assertThat(refusal.output()).contains("crystal serve: cannot start:").contains("balance.db is missing")
                .contains("--init");
        assertThat(refusal.output().lines().filter(l -> l.contains("cannot start")).count()).isEqualTo(1);
        assertThat(data.resolve("balance.db")).as("not silently recreated").doesNotExist();

        try (ServeProcess serve = ServeProcess.start(data, dir.resolve("init.log"), "--init")) {
            assertThat(serve.api().get("/customers/CUST_001/balance").status())
                    .as("--init created balance.db empty").isEqualTo(404);
            assertThat(serve.terminate()).isZero();
        }
    }

    @Test
    void anEmptyDomainDatabaseIsRefused() throws Exception {
        Path data = usedDataDir();
        Files.write(data.resolve("collections.db"), new byte[0]);

        ServeProcess.Refusal refusal = ServeProcess.refused(data);
        assertThat(refusal.exit()).isEqualTo(1);
        assertThat(refusal.output()).contains("crystal serve: cannot start:")
                .contains(data.resolve("collections.db").toAbsolutePath().normalize() + " is empty");
    }

    @Test
    void aTruncatedOrCorruptDomainDatabaseIsRefused() throws Exception {
        Path data = usedDataDir();
        Path balance = data.resolve("balance.db");
        long size = Files.size(balance);
        Path intact = Files.copy(balance, dir.resolve("balance.db.bak"));
        try (RandomAccessFile file = new RandomAccessFile(balance.toFile(), "rw")) {
            file.setLength(size / 2);
        }
        ServeProcess.Refusal truncated = ServeProcess.refused(data);
        assertThat(truncated.exit()).isEqualTo(1);
        assertThat(truncated.output()).contains("crystal serve: cannot start:")
                .contains(balance.toAbsolutePath().normalize() + " is corrupt");

        Path collections = data.resolve("collections.db");
        byte[] bytes = Files.readAllBytes(collections);
        for (int i = 4096; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31);
        }
        Files.write(collections, bytes);
        Files.copy(intact, balance, StandardCopyOption.REPLACE_EXISTING);
        ServeProcess.Refusal corrupt = ServeProcess.refused(data);
        assertThat(corrupt.exit()).isEqualTo(1);
        assertThat(corrupt.output()).contains(collections.toAbsolutePath().normalize() + " is corrupt");
    }
}

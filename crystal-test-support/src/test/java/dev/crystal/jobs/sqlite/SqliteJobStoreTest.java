package dev.crystal.jobs.sqlite;

import dev.crystal.jobs.spi.JobStore;
import dev.crystal.testsupport.JobStoreContract;
import java.nio.file.Path;

/** Runs the job store contract against the embedded SQLite store. */
class SqliteJobStoreTest extends JobStoreContract {
    @Override
    protected JobStore openStore(Path dir) {
        return SqliteJobStore.open(dir.resolve("jobs.db"));
    }
}

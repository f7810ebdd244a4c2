package dev.crystal.settlement.assembly;

import dev.crystal.store.Database;
import dev.crystal.store.Durability;
import dev.crystal.store.PostgresDatabase;
import dev.crystal.store.PostgresSettings;
import dev.crystal.store.SqliteDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Where each domain keeps its state: one SQLite file per domain under a data directory (embedded), or one
 * PostgreSQL schema per domain (cluster). Immutable; {@link #open} is called by the assembling thread.
 */
public sealed interface DomainDatabases {

    /**
     * Opens and migrates the database of {@code domain}.
     *
     * @param domain             the domain's name, e.g. {@code balance}
     * @param sqliteMigrations   every Flyway location SQLite applies
     * @param postgresMigrations every location PostgreSQL applies
     */
    default Database open(String domain, List<String> sqliteMigrations, List<String> postgresMigrations) {
        return open(domain, sqliteMigrations, postgresMigrations, Durability.FULL);
    }

    /**
     * Opens and migrates the database of {@code domain} with {@code durability}: {@link Durability#FULL} for every
     * domain's state, {@link Durability#RELAXED} only for diagnostics that may lose their last writes on power loss
     * (the trace log).
     */
    Database open(String domain, List<String> sqliteMigrations, List<String> postgresMigrations, Durability durability);

    /** SQLite files {@code <dataDir>/<domain>.db}. */
    static DomainDatabases sqlite(Path dataDir) {
        return new Sqlite(dataDir);
    }

    /** PostgreSQL schemas {@code <schemaPrefix><domain>} on the server of {@code settings}. */
    static DomainDatabases postgres(PostgresSettings settings, String schemaPrefix) {
        return new Postgres(settings, schemaPrefix);
    }

    /** One SQLite file per domain. */
    record Sqlite(Path dataDir) implements DomainDatabases {
        public Sqlite {
            Objects.requireNonNull(dataDir, "dataDir");
        }

        @Override
        public Database open(String domain, List<String> sqliteMigrations, List<String> postgresMigrations,
                             Durability durability) {
            return SqliteDatabase.open(dataDir.resolve(domain + ".db"), sqliteMigrations, durability);
        }
    }

    /** One PostgreSQL schema per domain. */
    record Postgres(PostgresSettings settings, String schemaPrefix) implements DomainDatabases {
        public Postgres {
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(schemaPrefix, "schemaPrefix");
        }

        @Override
        public Database open(String domain, List<String> sqliteMigrations, List<String> postgresMigrations,
                             Durability durability) {
            return PostgresDatabase.open(settings, schemaPrefix + domain, postgresMigrations, durability);
        }
    }
}

/**
 * Durable jobs. Exports the API ({@code dev.crystal.jobs}, with {@code JobStores} opening the shipped stores) and
 * the store SPI ({@code dev.crystal.jobs.spi}) only; the engine ({@code dev.crystal.jobs.internal}) and the
 * embedded SQLite store ({@code dev.crystal.jobs.sqlite}) stay inside. The store's migrations
 * ({@code db/jobstore/*.sql}) are opened (Flyway reads them as resources). On a class path (the server's jar,
 * this module's own tests) the same boundary is held by ArchUnit rules (docs/ARCHITECTURE.md, "Rules in the build").
 */
module dev.crystal.jobs {
    requires transitive com.fasterxml.jackson.databind;
    requires transitive micrometer.core;
    requires java.sql;
    requires org.slf4j;
    requires org.xerial.sqlitejdbc;
    requires flyway.core;
    requires com.cronutils;

    exports dev.crystal.jobs;
    exports dev.crystal.jobs.spi;

    // Unconditionally: a class loader finds a named module's resources only in packages opened to everyone, and
    // Flyway reads the migrations through one (on the module path, e.g. the failsafe stage).
    opens db.jobstore;
}

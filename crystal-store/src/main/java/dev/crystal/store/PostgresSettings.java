package dev.crystal.store;

import java.util.Objects;

/**
 * Where a PostgreSQL server is and how many connections one domain may hold; immutable.
 *
 * @param url      JDBC URL, e.g. {@code jdbc:postgresql://127.0.0.1:5432/crystal}
 * @param user     login role
 * @param password password, empty for trust authentication
 * @param poolSize connections per domain schema (at least 1)
 */
public record PostgresSettings(String url, String user, String password, int poolSize) {
    /** One worker thread per domain writes, so a small pool suffices. */
    public static final int DEFAULT_POOL_SIZE = 2;

    public PostgresSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + url);
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be at least 1: " + poolSize);
        }
    }

    /** Settings with {@link #DEFAULT_POOL_SIZE} connections. */
    public static PostgresSettings of(String url, String user, String password) {
        return new PostgresSettings(url, user, password, DEFAULT_POOL_SIZE);
    }
}

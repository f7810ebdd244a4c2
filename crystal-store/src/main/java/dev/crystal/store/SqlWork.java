package dev.crystal.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A unit of JDBC work run inside a transaction by {@link Database#inTransaction}.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
}

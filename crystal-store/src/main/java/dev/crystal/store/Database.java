package dev.crystal.store;

/**
 * One domain's relational database, embedded ({@link SqliteDatabase}) or shared
 * ({@link PostgresDatabase}); adapters whose SQL is portable take this type.
 *
 * <p>Thread ownership: the domain's worker thread calls {@link #inTransaction} and {@link #read};
 * implementations hold no state that other threads change.
 */
public interface Database extends AutoCloseable {
    /** Runs {@code work} in one transaction: committed if it returns, rolled back if it throws. */
    <T> T inTransaction(SqlWork<T> work);

    /** Runs a read-only query in its own short transaction. */
    <T> T read(SqlWork<T> work);

    @Override
    void close();
}

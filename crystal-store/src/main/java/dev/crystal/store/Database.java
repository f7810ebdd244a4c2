package dev.crystal.store;

import java.util.function.LongSupplier;

/**
 * One domain's relational database, embedded ({@link SqliteDatabase}) or shared
 * ({@link PostgresDatabase}); adapters whose SQL is portable take this type.
 *
 * <p>While a {@link UnitOfWork} opened by {@link #begin()} is open, {@link #inTransaction} and {@link #read}
 * join it instead of committing on their own, so the writes of a whole batch of messages commit together.
 *
 * <p>Thread ownership: the domain's worker thread calls every method; implementations hold no state that
 * other threads change (the open unit of work is a plain field: one writer thread, no thread-local).
 */
public interface Database extends AutoCloseable {
    /**
     * Runs {@code work} in one transaction: committed if it returns, rolled back if it throws. Inside an open
     * {@link UnitOfWork} it runs in a savepoint of that unit instead and commits with it.
     */
    <T> T inTransaction(SqlWork<T> work);

    /** Runs a read-only query in its own short transaction, or in the open {@link UnitOfWork} (seeing its writes). */
    <T> T read(SqlWork<T> work);

    /**
     * Opens a unit of work that the following {@link #inTransaction} and {@link #read} calls join until it is
     * committed or closed.
     *
     * @throws IllegalStateException if a unit of work is already open on this database
     */
    UnitOfWork begin();

    /**
     * Checks, from any thread, that the database answers: {@code SELECT 1} on a connection of its own (never the
     * worker's connection nor its open unit of work), for health checks.
     *
     * @throws StoreException naming the database and why it does not answer (closed, unreachable, unreadable)
     */
    void ping();

    /**
     * Fences this database for single writer {@code writer} (e.g. a domain): from now on every write transaction
     * (an {@link #inTransaction} of its own, or a {@link UnitOfWork} that wrote) records {@code epoch}'s current
     * value (the writer's lease epoch, 0 while the lease is not held) in the same transaction, and is refused with
     * {@link StaleEpochException} and rolled back when the value is 0 or older than an epoch that has already
     * written. Call once, before the first write, on the thread that owns the database.
     *
     * @throws UnsupportedOperationException on a database that cannot be shared by several nodes (SQLite)
     */
    default void fence(String writer, LongSupplier epoch) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " is not shared and needs no fencing");
    }

    /**
     * The newest lease epoch of {@code writer} that has written to this database (0 if none), read on its own
     * short transaction (on the owning thread, outside any open unit of work).
     *
     * @throws UnsupportedOperationException on a database that cannot be fenced
     */
    default long storedEpoch(String writer) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " is not fenced");
    }

    @Override
    void close();
}

package dev.crystal.store;

/**
 * One transaction spanning several pieces of work, typically a worker's batch of messages (group commit):
 * while it is open, every {@link Database#inTransaction} and {@link Database#read} call on its database joins it
 * (each joined call runs in its own savepoint, so a call that throws still undoes only its own writes), and
 * {@link #step} runs a larger piece of work, e.g. one message's handler, in a savepoint of its own. Nothing is
 * durable until {@link #commit()}; {@link #close()} without a commit rolls everything back.
 *
 * <p>Thread ownership: the thread that opened it with {@link Database#begin()} (the domain's worker thread),
 * which is the only thread using the database.
 */
public interface UnitOfWork extends AutoCloseable {

    /** A piece of work run by {@link #step}; may throw anything its caller may. */
    @FunctionalInterface
    interface Step<T> {
        T run() throws Exception;
    }

    /**
     * Runs {@code step} in a savepoint: its writes stay in the unit if it returns, and are rolled back (alone)
     * if it throws, after which the exception is rethrown and the unit remains usable.
     */
    <T> T step(Step<T> step) throws Exception;

    /** How many {@link Database#inTransaction} calls have joined this unit so far (its write calls). */
    long writes();

    /** Commits everything done in the unit and ends it. */
    void commit();

    /** Ends the unit; rolls it back unless it was committed. Idempotent. */
    @Override
    void close();
}

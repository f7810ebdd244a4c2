package dev.crystal.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;

/**
 * The {@link UnitOfWork} of {@link SqliteDatabase} and {@link PostgresDatabase}: one connection with auto-commit
 * off, savepoints for joined calls and steps, one commit at the end. Thread ownership: the database's worker
 * thread, like the database itself.
 */
final class BatchTransaction implements UnitOfWork {
    private final Connection connection;
    private final String where;
    private final Runnable onEnd;
    /** Run in the transaction right before a commit of a unit that wrote (the fencing check), or null. */
    private final SqlWork<Void> beforeCommit;
    private long writes;
    private boolean ended;

    /** A unit on {@code connection}; {@code onEnd} runs once when it is committed or closed. */
    BatchTransaction(Connection connection, String where, Runnable onEnd) {
        this(connection, where, onEnd, null);
    }

    /** As above; {@code beforeCommit} runs in the transaction before the commit of a unit that wrote. */
    BatchTransaction(Connection connection, String where, Runnable onEnd, SqlWork<Void> beforeCommit) {
        this.connection = connection;
        this.where = where;
        this.onEnd = onEnd;
        this.beforeCommit = beforeCommit;
    }

    /**
     * Runs a joined call: a write ({@link Database#inTransaction}) in its own savepoint, so that a store which
     * catches its own SQL error undoes only that call; a read ({@link Database#read}) without one, because it has
     * nothing to undo and a savepoint costs two round trips on PostgreSQL. A failing read still leaves the unit
     * usable: it propagates to the enclosing {@link #step}, whose savepoint rolls the message back.
     */
    <T> T join(SqlWork<T> work, boolean write) {
        requireOpen();
        if (!write) {
            try {
                return work.run(connection);
            } catch (SQLException e) {
                throw new StoreException("query in the unit of work on " + where + " failed: " + e.getMessage(), e);
            }
        }
        writes++;
        Savepoint savepoint = savepoint();
        try {
            T result = work.run(connection);
            release(savepoint);
            return result;
        } catch (SQLException | RuntimeException e) {
            rollbackTo(savepoint, e);
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new StoreException("statement in the unit of work on " + where + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public <T> T step(Step<T> step) throws Exception {
        requireOpen();
        Savepoint savepoint = savepoint();
        try {
            T result = step.run();
            release(savepoint);
            return result;
        } catch (Exception | Error e) {
            rollbackTo(savepoint, e);
            throw e;
        }
    }

    @Override
    public long writes() {
        return writes;
    }

    @Override
    public void commit() {
        requireOpen();
        try {
            if (beforeCommit != null && writes > 0) {
                beforeCommit.run(connection);
            }
            connection.commit();
        } catch (RuntimeException e) {
            close();
            throw e;
        } catch (SQLException e) {
            close();
            throw new StoreException("committing the unit of work on " + where + " failed: " + e.getMessage(), e);
        }
        end();
    }

    @Override
    public void close() {
        if (ended) {
            return;
        }
        try {
            connection.rollback();
        } catch (SQLException e) {
            throw new StoreException("rolling back the unit of work on " + where + " failed: " + e.getMessage(), e);
        } finally {
            end();
        }
    }

    private void end() {
        ended = true;
        onEnd.run();
    }

    private void requireOpen() {
        if (ended) {
            throw new IllegalStateException("the unit of work on " + where + " has already ended");
        }
    }

    private Savepoint savepoint() {
        try {
            return connection.setSavepoint();
        } catch (SQLException e) {
            throw new StoreException("cannot set a savepoint on " + where + ": " + e.getMessage(), e);
        }
    }

    private void release(Savepoint savepoint) {
        try {
            connection.releaseSavepoint(savepoint);
        } catch (SQLException e) {
            throw new StoreException("cannot release a savepoint on " + where + ": " + e.getMessage(), e);
        }
    }

    private void rollbackTo(Savepoint savepoint, Throwable cause) {
        try {
            connection.rollback(savepoint);
            connection.releaseSavepoint(savepoint);
        } catch (SQLException suppressed) {
            cause.addSuppressed(suppressed);
        }
    }
}

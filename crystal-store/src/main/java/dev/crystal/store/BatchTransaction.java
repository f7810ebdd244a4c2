package dev.crystal.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link UnitOfWork} of {@link SqliteDatabase} and {@link PostgresDatabase}: one connection with auto-commit
 * off, savepoints for joined calls and steps, one commit at the end.
 *
 * <p><b>Lazy savepoints</b> (SQLite): a step's savepoint is set only before its first write, so a step that only
 * reads (a query, a duplicate, a message its handler ignores) costs none; and a joined write that comes first
 * after the innermost savepoint was set uses that savepoint as its own (rolling back to it undoes exactly that
 * write). The effects are those of a savepoint per step and per joined write. Not on PostgreSQL, where a failed
 * statement (even a read) aborts the transaction until a rollback to a savepoint set before it.
 *
 * <p>Thread ownership: the database's worker thread, like the database itself.
 */
final class BatchTransaction implements UnitOfWork {
    private final Connection connection;
    private final String where;
    private final Runnable onEnd;
    /** Run in the transaction right before a commit of a unit that wrote (the fencing check), or null. */
    private final SqlWork<Void> beforeCommit;
    private final boolean lazy;
    /** Run after the commit of a unit that wrote (a durable commit, an fsync at {@code synchronous=FULL}), or null. */
    private final Runnable onWriteCommit;
    /** The savepoints of the open steps, outermost first; {@code null} for a step whose savepoint is not set yet. */
    private final List<Savepoint> steps = new ArrayList<>();
    /** How many of {@link #steps} (from the outermost) have their savepoint set. */
    private int set;
    /** Whether nothing was written since the innermost set savepoint was set (it can serve a joined write). */
    private boolean clean;
    private long writes;
    private boolean ended;

    /** A unit on {@code connection}; {@code onEnd} runs once when it is committed or closed. */
    BatchTransaction(Connection connection, String where, Runnable onEnd) {
        this(connection, where, onEnd, null, false);
    }

    /** As above; {@code beforeCommit} runs in the transaction before the commit of a unit that wrote. */
    BatchTransaction(Connection connection, String where, Runnable onEnd, SqlWork<Void> beforeCommit) {
        this(connection, where, onEnd, beforeCommit, false);
    }

    /**
     * As above; {@code beforeCommit} runs in the transaction before the commit of a unit that wrote; {@code lazy}
     * sets savepoints only before writes (a database on which a failed statement leaves the transaction usable).
     */
    BatchTransaction(Connection connection, String where, Runnable onEnd, SqlWork<Void> beforeCommit, boolean lazy) {
        this(connection, where, onEnd, beforeCommit, lazy, null);
    }

    /** As above; {@code onWriteCommit} runs after the commit of a unit that wrote (to count durable commits). */
    BatchTransaction(Connection connection, String where, Runnable onEnd, SqlWork<Void> beforeCommit, boolean lazy,
                     Runnable onWriteCommit) {
        this.onWriteCommit = onWriteCommit;
        this.connection = connection;
        this.where = where;
        this.onEnd = onEnd;
        this.beforeCommit = beforeCommit;
        this.lazy = lazy;
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
        if (lazy) {
            setPendingSavepoints();
            if (clean && set > 0) {
                return writeAfterCleanSavepoint(work, steps.get(set - 1));
            }
        }
        Savepoint savepoint = savepoint();
        clean = false;
        try {
            T result = work.run(connection);
            release(savepoint);
            return result;
        } catch (SQLException | RuntimeException e) {
            rollbackTo(savepoint, e);
            throw failed(e);
        }
    }

    /** A write that comes first after {@code savepoint} was set: on failure, rolling back to it undoes just this write. */
    private <T> T writeAfterCleanSavepoint(SqlWork<T> work, Savepoint savepoint) {
        clean = false; // a nested joined write inside this one sets its own
        try {
            return work.run(connection);
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback(savepoint); // the savepoint stays open, as clean as when it was set
                clean = true;
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw failed(e);
        }
    }

    private RuntimeException failed(Exception e) {
        if (e instanceof RuntimeException re) {
            return re;
        }
        return new StoreException("statement in the unit of work on " + where + " failed: " + e.getMessage(), e);
    }

    /** Sets the savepoints of the open steps that have none yet, outermost first. */
    private void setPendingSavepoints() {
        while (set < steps.size()) {
            steps.set(set, savepoint());
            set++;
            clean = true;
        }
    }

    @Override
    public <T> T step(Step<T> step) throws Exception {
        requireOpen();
        int level = steps.size();
        if (lazy) {
            steps.add(null);
        } else {
            steps.add(savepoint());
            set = steps.size();
            clean = false;
        }
        T result;
        try {
            result = step.run();
        } catch (Exception | Error e) {
            Savepoint savepoint = endStep(level);
            if (savepoint != null) {
                rollbackTo(savepoint, e);
            }
            throw e;
        }
        Savepoint savepoint = endStep(level);
        if (savepoint != null) {
            release(savepoint);
        }
        return result;
    }

    /** Forgets the step at {@code level} (and any inner one left open); returns its savepoint, or null if never set. */
    private Savepoint endStep(int level) {
        Savepoint savepoint = steps.get(level);
        while (steps.size() > level) {
            steps.remove(steps.size() - 1);
        }
        if (set > level) {
            set = level;
            clean = false; // the enclosing savepoint saw this step's writes (even if they are rolled back)
        }
        return savepoint;
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
            if (onWriteCommit != null && writes > 0) {
                onWriteCommit.run();
            }
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

package dev.crystal.jobs.sqlite;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A small pool of read connections; each read runs in its own read transaction (a consistent snapshot
 * under WAL). A borrowed session belongs to the borrowing thread until it is returned.
 */
final class SqliteReaders implements AutoCloseable {
    private final BlockingQueue<SqliteSession> idle;
    private final List<SqliteSession> all = new ArrayList<>();

    /** Opens one session of a pool. */
    interface Opener {
        SqliteSession open() throws SQLException;
    }

    SqliteReaders(SqliteConnections connections, int size) throws SQLException {
        this(connections::openReader, size);
    }

    SqliteReaders(Opener opener, int size) throws SQLException {
        idle = new ArrayBlockingQueue<>(size);
        for (int i = 0; i < size; i++) {
            SqliteSession session = opener.open();
            all.add(session);
            idle.add(session);
        }
    }

    <T> T read(SqliteWork<T> work) {
        SqliteSession session;
        try {
            session = idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SqliteStoreException("interrupted while waiting for a read connection", e);
        }
        try {
            T result = work.run(session);
            session.commit();
            return result;
        } catch (SQLException e) {
            session.rollback();
            throw new SqliteStoreException("job store read failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            session.rollback();
            throw e;
        } finally {
            idle.add(session);
        }
    }

    @Override
    public void close() {
        all.forEach(SqliteSession::close);
    }
}

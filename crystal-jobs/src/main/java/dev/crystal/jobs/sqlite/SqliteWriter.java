package dev.crystal.jobs.sqlite;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The single writer of the database: callers hand it work, it runs everything queued at that moment in
 * one transaction and commits once (group commit), then answers each caller. A batch made only of
 * relaxed work (claims, lock renewals: state that stalled-job recovery rebuilds after a crash) commits
 * without fsync; any durable work in a batch makes the commit fsync the log, which also makes every
 * earlier relaxed commit durable. The writer thread owns the write connection and the current sync
 * mode; callers only touch the task queue.
 */
final class SqliteWriter implements AutoCloseable {
    private static final int MAX_BATCH = 4096;

    private final SqliteSession session;
    private final BlockingQueue<Task<?>> tasks = new LinkedBlockingQueue<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread thread;
    private boolean fullSync = true;

    SqliteWriter(SqliteSession session, String name) {
        this.session = session;
        this.thread = Thread.ofPlatform().name(name).daemon(true).start(this::loop);
    }

    /** Runs {@code work} in the next group transaction and returns its result once durably committed. */
    <T> T execute(SqliteWork<T> work) {
        return submit(work, true);
    }

    /** Runs {@code work} in the next group transaction; the commit may skip fsync (see class comment). */
    <T> T executeRelaxed(SqliteWork<T> work) {
        return submit(work, false);
    }

    private <T> T submit(SqliteWork<T> work, boolean durable) {
        if (closed.get()) {
            throw new SqliteStoreException("the job store is closed", null);
        }
        Task<T> task = new Task<>(work, durable, new CompletableFuture<>());
        tasks.add(task);
        try {
            while (true) {
                try {
                    return task.result.get(1, TimeUnit.SECONDS);
                } catch (TimeoutException slowCommit) {
                    // a task queued just as the store closed is never run: fail it rather than wait forever
                    if (!thread.isAlive() && tasks.remove(task)) {
                        throw new SqliteStoreException("the job store is closed", null);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SqliteStoreException("interrupted while waiting for a commit; the write may still commit", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new SqliteStoreException("job store write failed: " + cause.getMessage(), cause);
        }
    }

    private void loop() {
        List<Task<?>> batch = new ArrayList<>();
        List<Object> results = new ArrayList<>();
        while (true) {
            try {
                batch.add(tasks.take());
            } catch (InterruptedException e) {
                break;
            }
            tasks.drainTo(batch, MAX_BATCH - 1);
            if (batch.removeIf(task -> task.work == null)) {
                runBatch(batch, results);
                drainRemaining(batch, results);
                break;
            }
            runBatch(batch, results);
            batch.clear();
            results.clear();
        }
        session.close();
    }

    private void drainRemaining(List<Task<?>> batch, List<Object> results) {
        batch.clear();
        results.clear();
        tasks.drainTo(batch);
        batch.removeIf(task -> task.work == null);
        runBatch(batch, results);
    }

    private void runBatch(List<Task<?>> batch, List<Object> results) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            syncFor(batch);
            session.begin();
            for (Task<?> task : batch) {
                results.add(task.work.run(session));
            }
            session.commit();
        } catch (Exception | StackOverflowError e) {
            session.rollback();
            runEachAlone(batch);
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            complete(batch.get(i), results.get(i));
        }
    }

    /** After a failed group, each task gets its own transaction so one bad task cannot sink the others. */
    private void runEachAlone(List<Task<?>> batch) {
        for (Task<?> task : batch) {
            Object result;
            try {
                syncFor(List.of(task));
                session.begin();
                result = task.work.run(session);
                session.commit();
            } catch (Exception e) {
                session.rollback();
                task.result.completeExceptionally(e instanceof RuntimeException ? e
                        : new SqliteStoreException("job store write failed: " + e.getMessage(), e));
                continue;
            }
            complete(task, result);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> void complete(Task<T> task, Object result) {
        task.result.complete((T) result);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            tasks.add(new Task<>(null, true, new CompletableFuture<>()));
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CompletionException(e);
            }
        }
    }

    private record Task<T>(SqliteWork<T> work, boolean durable, CompletableFuture<T> result) {
    }

    /** Sets the sync mode of the next commit: FULL if any task of the batch is durable. */
    private void syncFor(List<Task<?>> batch) throws SQLException {
        boolean durable = false;
        for (Task<?> task : batch) {
            durable |= task.durable;
        }
        if (durable != fullSync) {
            try (Statement statement = session.connection().createStatement()) {
                statement.execute(durable ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
            }
            fullSync = durable;
        }
    }
}

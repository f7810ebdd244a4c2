package dev.crystal.jobs.sqlite;

import dev.crystal.jobs.spi.JobReporter;
import java.sql.PreparedStatement;
import java.time.Instant;

/**
 * SQLite {@link JobReporter}: progress and log lines go through the group-committing writer. Stateless.
 */
final class SqliteReporter implements JobReporter {
    private static final String PROGRESS = "UPDATE jobs SET progress = ? WHERE %s AND state = 'active' AND lock_token = ?";
    private static final String LOG = "INSERT INTO job_logs (seq, at, line) SELECT seq, ?, ? FROM jobs WHERE %s";

    private final SqliteWriter writer;

    SqliteReporter(SqliteWriter writer) {
        this.writer = writer;
    }

    @Override
    public boolean progress(String queue, String jobId, String lockToken, String progressJson) {
        return writer.execute(session -> {
            PreparedStatement update = session.prepare(PROGRESS.formatted(JobKeys.where(jobId)));
            update.setString(1, progressJson);
            int next = JobKeys.bind(update, 2, queue, jobId);
            update.setString(next, lockToken);
            return update.executeUpdate() == 1;
        });
    }

    @Override
    public boolean log(String queue, String jobId, String line, Instant at) {
        return writer.execute(session -> {
            PreparedStatement insert = session.prepare(LOG.formatted(JobKeys.where(jobId)));
            insert.setLong(1, at.toEpochMilli());
            insert.setString(2, line);
            JobKeys.bind(insert, 3, queue, jobId);
            return insert.executeUpdate() == 1;
        });
    }
}

package dev.crystal.jobs.sqlite;

import dev.crystal.jobs.JobRef;
import dev.crystal.jobs.JobState;
import dev.crystal.jobs.spi.StallSweeper;
import dev.crystal.jobs.spi.StalledJob;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * SQLite {@link StallSweeper}: one write task finds active jobs with expired locks and moves them. Stateless.
 */
final class SqliteStallSweeper implements StallSweeper {
    private static final String FIND = """
            SELECT seq, queue, custom_id, stalled_count FROM jobs
            WHERE state = 'active' AND lock_until < ? ORDER BY lock_until""";
    private static final String REQUEUE = """
            UPDATE jobs SET state = %1$s, stalled_count = stalled_count + 1, lock_token = NULL, lock_until = NULL,
                ready_at = ?, history = history || ? || %1$s || ?
            WHERE seq = ? AND state = 'active' RETURNING state""".formatted(SqlStates.READY_BY_PRIORITY);

    private record Candidate(long seq, JobRef ref, int stalledCount) {
    }

    private final SqliteWriter writer;
    private final JobFinisher finisher;

    SqliteStallSweeper(SqliteWriter writer, JobFinisher finisher) {
        this.writer = writer;
        this.finisher = finisher;
    }

    @Override
    public List<StalledJob> recoverStalled(Instant now, int maxStalledCount) {
        return writer.execute(session -> sweep(session, now.toEpochMilli(), maxStalledCount));
    }

    private List<StalledJob> sweep(SqliteSession session, long now, int maxStalledCount) throws SQLException {
        List<Candidate> candidates = new ArrayList<>();
        PreparedStatement find = session.prepare(FIND);
        find.setLong(1, now);
        try (ResultSet row = find.executeQuery()) {
            while (row.next()) {
                long seq = row.getLong(1);
                candidates.add(new Candidate(seq, new JobRef(row.getString(2), JobKeys.idOf(seq, row.getString(3))),
                        row.getInt(4)));
            }
        }
        List<StalledJob> stalled = new ArrayList<>();
        RetentionTrims trims = new RetentionTrims();
        for (Candidate candidate : candidates) {
            if (candidate.stalledCount + 1 > maxStalledCount) {
                String reason = "job stalled more than " + maxStalledCount + " time(s): its lock expired";
                ParentEffects effects = finisher.failStalled(session, candidate.seq, candidate.ref.id(), reason, now,
                        trims);
                if (effects != null) {
                    stalled.add(new StalledJob(candidate.ref, JobState.FAILED, effects.readied, effects.failed));
                }
                continue;
            }
            PreparedStatement requeue = session.prepare(REQUEUE);
            requeue.setLong(1, now);
            requeue.setString(2, HistoryText.head(now, JobState.ACTIVE));
            requeue.setString(3, HistoryText.tail("stalled: lock expired"));
            requeue.setLong(4, candidate.seq);
            try (ResultSet row = requeue.executeQuery()) {
                if (row.next()) {
                    stalled.add(new StalledJob(candidate.ref, JobState.ofCode(row.getString(1)), List.of(), List.of()));
                }
            }
        }
        trims.apply(session, now);
        return stalled;
    }
}

package dev.crystal.jobs.sqlite;

import dev.crystal.jobs.JobRef;
import dev.crystal.jobs.JobState;
import dev.crystal.jobs.spi.ClaimRequest;
import dev.crystal.jobs.spi.ClaimedJob;
import dev.crystal.jobs.spi.CycleResult;
import dev.crystal.jobs.spi.FinishResult;
import dev.crystal.jobs.spi.JobClaimer;
import dev.crystal.jobs.spi.JobOutcome;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * SQLite {@link JobClaimer}: outcomes and the next claim share one write task, so one commit finishes a
 * batch and hands out the next. Stateless.
 */
final class SqliteClaimer implements JobClaimer {
    private static final String IS_PAUSED = "SELECT paused FROM queues WHERE name = ?";
    private static final String PROMOTE = """
            UPDATE jobs SET state = %1$s, ready_at = run_at,
                history = history || run_at || ? || %1$s || ?
            WHERE queue = ? AND state = 'delayed' AND run_at <= ?""".formatted(SqlStates.READY_BY_PRIORITY);
    private static final String CLAIM = """
            UPDATE jobs SET state = 'active', lock_token = ?, lock_until = ?, processed_at = ?,
                attempts_started = attempts_started + 1, history = history || ? || state || ?
            WHERE seq IN (SELECT seq FROM jobs WHERE queue = ? AND %s ORDER BY priority, lifo_order, seq LIMIT ?)
            RETURNING seq, custom_id, name, data, attempts_made, max_attempts, backoff, correlation_id, ready_at,
                parent_seq, priority, lifo_order, timeout_ms""".formatted(SqlStates.IS_READY);
    private static final String NEXT_DELAYED = "SELECT min(run_at) FROM jobs WHERE queue = ? AND state = 'delayed'";
    private static final String[] EXTEND = JobKeys.variants(
            "UPDATE jobs SET lock_until = ? WHERE %s AND state = 'active' AND lock_token = ?");

    private final SqliteWriter writer;
    private final JobFinisher finisher;

    SqliteClaimer(SqliteWriter writer, JobFinisher finisher) {
        this.writer = writer;
        this.finisher = finisher;
    }

    @Override
    public CycleResult finishAndClaim(String queue, List<JobOutcome> outcomes, ClaimRequest claim) {
        if (outcomes.isEmpty()) {
            return writer.executeRelaxed(session -> cycle(session, queue, outcomes, claim));
        }
        return writer.execute(session -> cycle(session, queue, outcomes, claim));
    }

    private CycleResult cycle(SqliteSession session, String queue, List<JobOutcome> outcomes, ClaimRequest claim)
            throws SQLException {
        List<FinishResult> finished = new ArrayList<>(outcomes.size());
        if (!outcomes.isEmpty()) {
            RetentionTrims trims = new RetentionTrims();
            finished.addAll(finisher.applyAll(session, queue, outcomes, trims));
            trims.apply(session, claim.now().toEpochMilli());
        }
        boolean paused = isPaused(session, queue);
        List<ClaimedJob> claimed = List.of();
        long now = claim.now().toEpochMilli();
        if (!paused && claim.max() > 0) {
            promote(session, queue, now);
            claimed = claim(session, queue, claim, now);
        }
        return new CycleResult(finished, claimed, nextDelayed(session, queue), paused);
    }

    static boolean isPaused(SqliteSession session, String queue) throws SQLException {
        PreparedStatement query = session.prepare(IS_PAUSED);
        query.setString(1, queue);
        try (ResultSet row = query.executeQuery()) {
            return row.next() && row.getInt(1) != 0;
        }
    }

    private static void promote(SqliteSession session, String queue, long now) throws SQLException {
        PreparedStatement promote = session.prepare(PROMOTE);
        promote.setString(1, HistoryText.TAB + JobState.DELAYED.code() + HistoryText.TAB);
        promote.setString(2, HistoryText.tail("delay over"));
        promote.setString(3, queue);
        promote.setLong(4, now);
        promote.executeUpdate();
    }

    private static List<ClaimedJob> claim(SqliteSession session, String queue, ClaimRequest request, long now)
            throws SQLException {
        PreparedStatement claim = session.prepare(CLAIM);
        claim.setString(1, request.lockToken());
        claim.setLong(2, request.lockUntil().toEpochMilli());
        claim.setLong(3, now);
        claim.setString(4, now + HistoryText.TAB);
        claim.setString(5, HistoryText.TAB + JobState.ACTIVE.code() + HistoryText.tail("claimed"));
        claim.setString(6, queue);
        claim.setInt(7, request.max());
        List<ClaimedJob> claimed = new ArrayList<>();
        try (ResultSet row = claim.executeQuery()) {
            while (row.next()) {
                long seq = row.getLong(1);
                row.getLong(10);
                boolean hasParent = !row.wasNull();
                long lifoOrder = row.getLong(12);
                claimed.add(new ClaimedJob(new JobRef(queue, JobKeys.idOf(seq, row.getString(2))), row.getString(3),
                        row.getString(4), row.getInt(5), row.getInt(6), row.getString(7), row.getString(8),
                        Instant.ofEpochMilli(row.getLong(9)), hasParent, row.getInt(11),
                        lifoOrder != 0 ? lifoOrder : seq, row.getLong(13)));
            }
        }
        claimed.sort(Comparator.comparingInt(ClaimedJob::priority).thenComparingLong(ClaimedJob::order));
        return claimed;
    }

    private static Instant nextDelayed(SqliteSession session, String queue) throws SQLException {
        PreparedStatement query = session.prepare(NEXT_DELAYED);
        query.setString(1, queue);
        try (ResultSet row = query.executeQuery()) {
            if (!row.next()) {
                return null;
            }
            long at = row.getLong(1);
            return row.wasNull() ? null : Instant.ofEpochMilli(at);
        }
    }

    @Override
    public List<String> extendLocks(String queue, String lockToken, Collection<String> jobIds, Instant until) {
        if (jobIds.isEmpty()) {
            return List.of();
        }
        List<String> ids = List.copyOf(jobIds);
        return writer.executeRelaxed(session -> {
            List<String> lost = new ArrayList<>();
            for (String id : ids) {
                PreparedStatement extend = session.prepare(JobKeys.pick(EXTEND, id));
                extend.setLong(1, until.toEpochMilli());
                int next = JobKeys.bind(extend, 2, queue, id);
                extend.setString(next, lockToken);
                if (extend.executeUpdate() == 0) {
                    lost.add(id);
                }
            }
            return lost;
        });
    }
}

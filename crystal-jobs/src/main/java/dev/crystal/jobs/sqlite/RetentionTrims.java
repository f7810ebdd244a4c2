package dev.crystal.jobs.sqlite;

import dev.crystal.jobs.JobState;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;

/**
 * Collects the retention rules hit by one batch of finished jobs and applies each once at the end of
 * the batch. Owned by the writer thread for one task.
 */
final class RetentionTrims {
    private static final String KEEP_LAST = """
            DELETE FROM jobs WHERE seq IN (SELECT seq FROM jobs WHERE queue = ? AND state = '%s'
            ORDER BY finished_at DESC, seq DESC LIMIT -1 OFFSET ?)""";
    private static final String OLDER_THAN = """
            DELETE FROM jobs WHERE seq IN (SELECT seq FROM jobs WHERE queue = ? AND state = '%s'
            AND finished_at < ?)""";

    private record Rule(String queue, JobState state, int keepLast, Long maxAgeMillis) {
    }

    private final Set<Rule> rules = new HashSet<>();

    void add(String queue, JobState state, int keepLast, Long maxAgeMillis) {
        if (keepLast > 0 || maxAgeMillis != null) {
            rules.add(new Rule(queue, state, keepLast, maxAgeMillis));
        }
    }

    void apply(SqliteSession session, long now) throws SQLException {
        for (Rule rule : rules) {
            if (rule.keepLast > 0) {
                PreparedStatement trim = session.prepare(KEEP_LAST.formatted(rule.state.code()));
                trim.setString(1, rule.queue);
                trim.setInt(2, rule.keepLast);
                trim.executeUpdate();
            }
            if (rule.maxAgeMillis != null) {
                PreparedStatement trim = session.prepare(OLDER_THAN.formatted(rule.state.code()));
                trim.setString(1, rule.queue);
                trim.setLong(2, now - rule.maxAgeMillis);
                trim.executeUpdate();
            }
        }
        rules.clear();
    }
}

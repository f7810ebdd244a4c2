package dev.crystal.jobs.sqlite;

import dev.crystal.jobs.JobState;
import dev.crystal.jobs.JobTransition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The stored form of a job's history: one line per transition, {@code millis TAB from TAB to TAB reason}
 * ({@code -} for no previous state). Appending is a plain string concatenation in SQL. Stateless.
 */
final class HistoryText {
    static final String TAB = "\t";

    private HistoryText() {
    }

    static String entry(long at, JobState from, JobState to, String reason) {
        return at + TAB + (from == null ? "-" : from.code()) + TAB + to.code() + TAB + clean(reason) + "\n";
    }

    /** The part before the target state of an entry whose target state SQL computes. */
    static String head(long at, JobState from) {
        return at + TAB + from.code() + TAB;
    }

    /** The part after the target state. */
    static String tail(String reason) {
        return TAB + clean(reason) + "\n";
    }

    static String clean(String reason) {
        if (reason == null) {
            return "";
        }
        String oneLine = reason.replace('\n', ' ').replace('\r', ' ').replace('\t', ' ');
        return oneLine.length() > 500 ? oneLine.substring(0, 500) : oneLine;
    }

    static List<JobTransition> parse(String text) {
        List<JobTransition> transitions = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] parts = line.split(TAB, 4);
            JobState from = parts[1].equals("-") ? null : JobState.ofCode(parts[1]);
            transitions.add(new JobTransition(from, JobState.ofCode(parts[2]),
                    Instant.ofEpochMilli(Long.parseLong(parts[0])), parts.length > 3 ? parts[3] : ""));
        }
        return transitions;
    }
}

package dev.crystal.server.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the readings of every interval into the per-minute rows of the sample history: at the first reading of a new
 * minute (and at close) it stores what changed since the last stored reading, with the highest mailbox depths and
 * queue backlogs seen in between; and records every alert transition. Thread ownership: the {@code crystal-ops}
 * thread calls every method.
 */
final class HistoryRecorder implements AlertListener {
    private static final Logger LOG = LoggerFactory.getLogger(HistoryRecorder.class);

    private final OpsStore store;
    private MeterReading from;
    private MeterReading last;
    private final Map<String, Long> peakMailbox = new HashMap<>();
    private final Map<String, Long> peakBacklog = new HashMap<>();

    HistoryRecorder(OpsStore store) {
        this.store = store;
    }

    /** Takes one interval's reading; stores the minute when {@code reading} is the first of a new one. */
    void record(MeterReading reading) {
        if (from == null) {
            from = reading;
        }
        last = reading;
        if (minute(reading.at()) != minute(from.at())) {
            flush(reading.at());
        }
        reading.workers().values().forEach(w -> peakMailbox.merge(w.name(), (long) w.mailboxDepth(), Math::max));
        reading.queueBacklogs().forEach((q, n) -> peakBacklog.merge(q, n, Math::max));
    }

    /**
     * What changed since the last stored reading and is not stored yet (less than a minute), so a report includes the
     * minute in progress: a platform started seconds ago already has figures.
     */
    List<HistoryRow> unsaved() {
        if (from == null || last == null || !last.at().isAfter(from.at())) {
            return List.of();
        }
        return rows(from, last);
    }

    /** Stores what changed since the last stored reading (each minute, and at close). */
    void flush(Instant now) {
        if (from == null || last == null || !last.at().isAfter(from.at())) {
            return;
        }
        try {
            store.recordMinute(minute(from.at()), rows(from, last), now);
        } catch (RuntimeException e) {
            LOG.error("ops history: the minute from {} could not be stored; going on", from.at(), e);
        }
        from = last;
        peakMailbox.clear();
        peakBacklog.clear();
    }

    private List<HistoryRow> rows(MeterReading a, MeterReading b) {
        long covered = Duration.between(a.at(), b.at()).toMillis();
        List<HistoryRow> out = new ArrayList<>();
        out.add(new HistoryRow(HistoryRow.PLATFORM, "*", covered, 0, 0, 0, 0, 0, 0, 0, LatencyHistogram.EMPTY));
        for (MeterReading.Worker w : b.workers().values()) {
            MeterReading.Worker before = a.workers().get(w.name());
            HistoryRow row = new HistoryRow(HistoryRow.WORKER, w.name(), covered,
                    delta(w.processed(), before == null ? 0 : before.processed()),
                    delta(w.errors(), before == null ? 0 : before.errors()),
                    delta(w.rejected(), before == null ? 0 : before.rejected()),
                    delta(w.deadLettered(), before == null ? 0 : before.deadLettered()),
                    delta(w.restarts(), before == null ? 0 : before.restarts()),
                    Math.max(w.mailboxDepth(), peakMailbox.getOrDefault(w.name(), 0L)), w.mailboxDepth(),
                    before == null ? w.latency() : w.latency().since(before.latency()));
            if (!row.idle()) {
                out.add(row);
            }
        }
        long requests = delta(b.http().requests(), a.http().requests());
        if (requests > 0) {
            out.add(new HistoryRow(HistoryRow.HTTP, "http", covered, requests,
                    delta(b.http().serverErrors(), a.http().serverErrors()), 0, 0, 0, 0, 0,
                    b.http().latency().since(a.http().latency())));
        }
        b.queueBacklogs().forEach((q, n) -> out.add(new HistoryRow(HistoryRow.QUEUE, q, covered, 0, 0, 0, 0, 0,
                Math.max(n, peakBacklog.getOrDefault(q, 0L)), n, LatencyHistogram.EMPTY)));
        return out;
    }

    private static long delta(long now, long before) {
        return Math.max(0, now - before);
    }

    private static long minute(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), 60) * 60;
    }

    @Override
    public void evaluated(Instant at, AlertBoard board, List<Alert> fired, List<Alert> resolved) {
        try {
            fired.forEach(a -> store.recordAlert("fired", a, at));
            resolved.forEach(a -> store.recordAlert("resolved", a, at));
        } catch (RuntimeException e) {
            LOG.error("ops history: alert events could not be stored; going on", e);
        }
    }
}

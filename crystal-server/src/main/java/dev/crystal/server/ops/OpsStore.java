package dev.crystal.server.ops;

import dev.crystal.store.SqliteDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code ops.db}: the sample history (per minute, rolled up per hour, bounded by {@link OpsHistorySettings}), the
 * alert events and the silences. Thread ownership: every method runs on the {@code crystal-ops} thread (HTTP
 * requests reach it through {@link OpsMonitor#onOpsThread}), which owns the one connection.
 */
public final class OpsStore implements AutoCloseable {
    /** The file in the data directory. */
    public static final String FILE = "ops.db";
    static final String MINUTE = "minute";
    static final String HOUR = "hour";

    private final SqliteDatabase db;
    private final OpsHistorySettings settings;

    private OpsStore(SqliteDatabase db, OpsHistorySettings settings) {
        this.db = db;
        this.settings = settings;
    }

    /** Opens (creating or migrating) {@code dataDir/ops.db}. */
    public static OpsStore open(Path dataDir, OpsHistorySettings settings) {
        return new OpsStore(SqliteDatabase.open(dataDir.resolve(FILE), "classpath:db/ops"), settings);
    }

    public OpsHistorySettings settings() {
        return settings;
    }

    /**
     * Adds {@code rows} to the minute starting at {@code minute} (merged with what an earlier process stored there),
     * rolls up every complete hour not rolled up yet (or touched again), and applies the retention.
     */
    public void recordMinute(long minute, List<HistoryRow> rows, Instant now) {
        db.inTransaction(c -> {
            Map<String, HistoryRow> existing = new HashMap<>();
            for (HistoryRow r : rows(c, MINUTE, minute, minute + 1)) {
                existing.put(r.kind() + "/" + r.subject(), r);
            }
            for (HistoryRow r : rows) {
                HistoryRow before = existing.get(r.kind() + "/" + r.subject());
                upsert(c, MINUTE, minute, before == null ? r : before.plus(r));
            }
            long currentHour = Math.floorDiv(now.getEpochSecond(), 3600) * 3600;
            long touchedHour = Math.floorDiv(minute, 3600) * 3600;
            TreeSet<Long> hours = new TreeSet<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT (bucket / 3600) * 3600 FROM ops_samples m "
                    + "WHERE resolution = 'minute' AND bucket < ? AND NOT EXISTS (SELECT 1 FROM ops_samples h "
                    + "WHERE h.resolution = 'hour' AND h.bucket = (m.bucket / 3600) * 3600)")) {
                ps.setLong(1, currentHour);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        hours.add(rs.getLong(1));
                    }
                }
            }
            if (touchedHour < currentHour) {
                hours.add(touchedHour);
            }
            for (long hour : hours) {
                rollUp(c, hour);
            }
            retain(c, now);
            return null;
        });
    }

    private void rollUp(Connection c, long hour) throws SQLException {
        Map<String, HistoryRow> sum = new LinkedHashMap<>();
        for (HistoryRow r : rows(c, MINUTE, hour, hour + 3600)) {
            sum.merge(r.kind() + "/" + r.subject(), r, HistoryRow::plus);
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM ops_samples WHERE resolution = 'hour' AND bucket = ?")) {
            ps.setLong(1, hour);
            ps.executeUpdate();
        }
        for (HistoryRow r : sum.values()) {
            upsert(c, HOUR, hour, r);
        }
    }

    private void retain(Connection c, Instant now) throws SQLException {
        long minutesFrom = Math.floorDiv(now.minus(settings.minutes()).getEpochSecond(), 3600) * 3600;
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM ops_samples WHERE resolution = 'minute' AND bucket < ? "
                + "AND EXISTS (SELECT 1 FROM ops_samples h WHERE h.resolution = 'hour' "
                + "AND h.bucket = (ops_samples.bucket / 3600) * 3600)")) {
            ps.setLong(1, minutesFrom);
            ps.executeUpdate();
        }
        long hoursFrom = now.minus(settings.hours()).getEpochSecond();
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM ops_samples WHERE bucket < ?")) {
            ps.setLong(1, hoursFrom);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM ops_alert_events WHERE at < ?")) {
            ps.setLong(1, hoursFrom * 1000);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM ops_silences WHERE ends_at < ?")) {
            ps.setLong(1, now.minus(Silences.EXPIRED_RETENTION).toEpochMilli());
            ps.executeUpdate();
        }
    }

    /**
     * Every stored row of {@code [from, to)} (epoch seconds) summed per subject, each hour from its minutes when they
     * are still kept, else from its roll-up; and the number of minutes and hours read.
     */
    public Map<String, HistoryRow> window(long from, long to) {
        return db.read(c -> {
            Map<Long, List<HistoryRow>> minutesByHour = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE resolution = 'minute' AND bucket >= ? AND bucket < ?")) {
                ps.setLong(1, from);
                ps.setLong(2, to);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        minutesByHour.computeIfAbsent(Math.floorDiv(rs.getLong("bucket"), 3600) * 3600,
                                h -> new ArrayList<>()).add(row(rs));
                    }
                }
            }
            Map<String, HistoryRow> sum = new LinkedHashMap<>();
            // whole hours no longer kept per minute, from the roll-ups
            try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE resolution = 'hour' AND bucket >= ? AND bucket < ? "
                    + "ORDER BY bucket")) {
                ps.setLong(1, Math.floorDiv(from + 3599, 3600) * 3600);
                ps.setLong(2, to);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (!minutesByHour.containsKey(rs.getLong("bucket"))) {
                            HistoryRow r = row(rs);
                            sum.merge(r.kind() + "/" + r.subject(), r, HistoryRow::plus);
                        }
                    }
                }
            }
            minutesByHour.keySet().stream().sorted().forEach(h -> minutesByHour.get(h)
                    .forEach(r -> sum.merge(r.kind() + "/" + r.subject(), r, HistoryRow::plus)));
            return sum;
        });
    }

    /** Records an alert's transition. */
    public void recordAlert(String event, Alert a, Instant at) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ops_alert_events (at, event, kind, subject, "
                    + "severity, message, silenced_by) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setLong(1, at.toEpochMilli());
                ps.setString(2, event);
                ps.setString(3, a.kind().name());
                ps.setString(4, a.subject());
                ps.setString(5, a.severity().name());
                ps.setString(6, a.message());
                ps.setString(7, a.silencedBy());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /**
     * An alert's firings within a window.
     *
     * @param fired       how often it fired
     * @param lastMessage the message it fired with last
     * @param lastFiredAt when it fired last
     */
    public record AlertCount(AlertKind kind, String subject, int fired, String lastMessage, Instant lastFiredAt) {
    }

    /** The alerts that fired within {@code [from, to)}, most frequent first. */
    public List<AlertCount> alertsFired(Instant from, Instant to) {
        return db.read(c -> {
            List<AlertCount> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT kind, subject, COUNT(*) AS n, MAX(at) AS last, "
                    + "(SELECT message FROM ops_alert_events x WHERE x.kind = e.kind AND x.subject = e.subject "
                    + "AND x.event = 'fired' ORDER BY at DESC LIMIT 1) AS message FROM ops_alert_events e "
                    + "WHERE event = 'fired' AND at >= ? AND at < ? GROUP BY kind, subject ORDER BY n DESC, kind, subject")) {
                ps.setLong(1, from.toEpochMilli());
                ps.setLong(2, to.toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new AlertCount(AlertKind.valueOf(rs.getString("kind")), rs.getString("subject"),
                                rs.getInt("n"), rs.getString("message"), Instant.ofEpochMilli(rs.getLong("last"))));
                    }
                }
            }
            return out;
        });
    }

    /** Stores (or replaces) a silence. */
    public void saveSilence(Silence s) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO ops_silences (id, kind, subject, "
                    + "starts_at, ends_at, created_by, comment) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, s.id());
                ps.setString(2, s.kind() == null ? null : s.kind().name());
                ps.setString(3, s.subject());
                ps.setLong(4, s.startsAt().toEpochMilli());
                ps.setLong(5, s.endsAt().toEpochMilli());
                ps.setString(6, s.createdBy());
                ps.setString(7, s.comment());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Every stored silence. */
    public List<Silence> silences() {
        return db.read(c -> {
            List<Silence> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, kind, subject, starts_at, ends_at, created_by, "
                    + "comment FROM ops_silences"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String kind = rs.getString("kind");
                    out.add(new Silence(rs.getString("id"), kind == null ? null : AlertKind.valueOf(kind),
                            rs.getString("subject"), Instant.ofEpochMilli(rs.getLong("starts_at")),
                            Instant.ofEpochMilli(rs.getLong("ends_at")), rs.getString("created_by"),
                            rs.getString("comment")));
                }
            }
            return out;
        });
    }

    private static final String SELECT = "SELECT bucket, kind, subject, covered_ms, handled, failed, rejected, "
            + "dead_lettered, restarts, peak, last, latency_bounds, latency, latency_count, latency_total_ms FROM ops_samples";

    private static List<HistoryRow> rows(Connection c, String resolution, long from, long to) throws SQLException {
        List<HistoryRow> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE resolution = ? AND bucket >= ? AND bucket < ? "
                + "ORDER BY bucket")) {
            ps.setString(1, resolution);
            ps.setLong(2, from);
            ps.setLong(3, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
        }
        return out;
    }

    private static HistoryRow row(ResultSet rs) throws SQLException {
        String bounds = rs.getString("latency_bounds");
        LatencyHistogram latency = LatencyHistogram.EMPTY;
        if (bounds != null && !bounds.isEmpty()) {
            double[] b = Arrays.stream(bounds.split(",")).mapToDouble(Double::parseDouble).toArray();
            long[] counts = Arrays.stream(rs.getString("latency").split(",")).mapToLong(Long::parseLong).toArray();
            latency = new LatencyHistogram(b, counts, rs.getLong("latency_count"), rs.getDouble("latency_total_ms"));
        }
        return new HistoryRow(rs.getString("kind"), rs.getString("subject"), rs.getLong("covered_ms"),
                rs.getLong("handled"), rs.getLong("failed"), rs.getLong("rejected"), rs.getLong("dead_lettered"),
                rs.getLong("restarts"), rs.getLong("peak"), rs.getLong("last"), latency);
    }

    private static void upsert(Connection c, String resolution, long bucket, HistoryRow r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO ops_samples (resolution, bucket, kind, "
                + "subject, covered_ms, handled, failed, rejected, dead_lettered, restarts, peak, last, latency_bounds, "
                + "latency, latency_count, latency_total_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, resolution);
            ps.setLong(2, bucket);
            ps.setString(3, r.kind());
            ps.setString(4, r.subject());
            ps.setLong(5, r.coveredMs());
            ps.setLong(6, r.handled());
            ps.setLong(7, r.failed());
            ps.setLong(8, r.rejected());
            ps.setLong(9, r.deadLettered());
            ps.setLong(10, r.restarts());
            ps.setLong(11, r.peak());
            ps.setLong(12, r.last());
            LatencyHistogram h = r.latency();
            boolean some = h.count() > 0 && h.upperBoundsMs().length > 0;
            ps.setString(13, some ? join(h.upperBoundsMs()) : null);
            ps.setString(14, some ? join(h.cumulative()) : null);
            ps.setLong(15, some ? h.count() : 0);
            ps.setDouble(16, some ? h.totalMs() : 0);
            ps.executeUpdate();
        }
    }

    private static String join(double[] values) {
        StringBuilder sb = new StringBuilder();
        for (double v : values) {
            sb.append(sb.isEmpty() ? "" : ",").append(v);
        }
        return sb.toString();
    }

    private static String join(long[] values) {
        StringBuilder sb = new StringBuilder();
        for (long v : values) {
            sb.append(sb.isEmpty() ? "" : ",").append(v);
        }
        return sb.toString();
    }

    @Override
    public void close() {
        db.close();
    }
}

package dev.crystal.store.trace;

import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.spi.Hop;
import dev.crystal.runtime.spi.HopTracer;
import dev.crystal.store.Database;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.jctools.queues.MpscArrayQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable, bounded trace log: a {@link HopTracer} for the runtime and a sink for HTTP requests and job attempts,
 * written to the {@code trace_hops} table (migration {@value #MIGRATIONS}) of its own {@link Database} —
 * {@code traces.db} in an embedded data directory, a schema every cluster node shares.
 *
 * <ul>
 *   <li><b>Off the hot path.</b> Worker threads only decide by correlation id whether an operation is traced and
 *       offer each hop to a bounded lock-free ring ({@link TraceSettings#ringCapacity()}); a full ring drops the hop
 *       and counts it ({@code crystal.trace.dropped}), it never blocks a worker.</li>
 *   <li><b>Batched writes.</b> One writer thread ({@code crystal-trace-writer}) drains the ring, renders ids and
 *       business keys ({@link TraceKeys}) and inserts the hops of {@value #BATCH_WINDOW_MILLIS} ms (at most
 *       {@value #MAX_BATCH}) per transaction: a commit per window, not per drain, so the pages the rows share are
 *       written to the WAL once (see docs/benchmarks.md, "Where the CPU goes").</li>
 *   <li><b>Cheap per hop.</b> A hop's row has an index entry by operation, by message id and by finish time only;
 *       its subject and customer go to {@code trace_keys}, one row per key and operation (a settlement's hops share
 *       them), which search reads.</li>
 *   <li><b>Bounded.</b> Every {@value #RETENTION_EVERY_SECONDS} s rows older than {@link TraceSettings#maxAge()}
 *       and beyond the newest {@link TraceSettings#maxRows()} are deleted, and the keys of operations none of whose
 *       hops is left.</li>
 * </ul>
 *
 * <p>Thread ownership: the ring is many-to-one (any thread offers, the writer polls); the database is used under
 * one lock by the writer and by readers (HTTP threads), the lock never held by a worker thread.
 */
public final class TraceLog implements HopTracer, AutoCloseable {
    /** Where the table's migrations are, for opening the database. */
    public static final String MIGRATIONS = "classpath:db/traces";
    static final int MAX_BATCH = 4_096;
    /** At most this many operations answer a search. */
    static final int SEARCH_LIMIT = 1_000;
    static final int RETENTION_EVERY_SECONDS = 10;
    /** How long the writer gathers hops before a transaction (unless {@link #flush} asks or the batch is full). */
    static final int BATCH_WINDOW_MILLIS = 100;
    private static final long BATCH_WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(BATCH_WINDOW_MILLIS);
    /** Empty rounds (20 ms each) after which the writer parks until an offer or the next retention wakes it. */
    static final int DOZE_AFTER_ROUNDS = 50;
    private static final long ROUND_NANOS = 20_000_000L;
    private static final Logger LOG = LoggerFactory.getLogger(TraceLog.class);
    private static final String COLUMNS = "correlation_id, message_id, causation_id, kind, type, source, target, node,"
            + " enqueued_us, started_us, finished_us, commit_wait_us, outcome, detail, subject, customer";

    private final Database db;
    private final String node;
    private final TraceSettings settings;
    private final TraceKeys keys;
    private final InstantSource clock;
    private final MpscArrayQueue<Object> ring;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong offered = new AtomicLong();
    private final Thread writer;
    private volatile boolean closing;
    /** Set by {@link #flush}: write what is gathered now instead of at the end of the window. */
    private volatile boolean flushing;
    /**
     * Set by the writer before it dozes (nothing offered for {@link #DOZE_AFTER_ROUNDS} rounds): the next offer
     * clears it and wakes the writer, so an idle process does not wake it every 20 ms and a hop after a quiet spell
     * is still written at once.
     */
    private volatile boolean dozing;
    /** Worker name as shown in traces, or {@code null} for hops not to record (written before traffic). */
    private volatile UnaryOperator<String> workerNames = UnaryOperator.identity();
    /** Called on the writer thread with every batch after it is written (an exporter), or {@code null}. */
    private volatile Consumer<List<TraceRecord>> onWritten;
    private long nextRetentionNanos;

    /**
     * A log on {@code db} (opened with {@link #MIGRATIONS}); hops handled here are marked with {@code node}.
     * Starts the writer thread. {@code registry} may be {@code null}.
     */
    public TraceLog(Database db, String node, TraceSettings settings, TraceKeys keys, InstantSource clock,
                    MeterRegistry registry) {
        this.db = Objects.requireNonNull(db, "db");
        this.node = Objects.requireNonNull(node, "node");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ring = new MpscArrayQueue<>(settings.ringCapacity());
        if (registry != null) {
            FunctionCounter.builder("crystal.trace.dropped", dropped, AtomicLong::get)
                    .description("trace hops dropped because the trace writer fell behind").register(registry);
            FunctionCounter.builder("crystal.trace.written", written, AtomicLong::get)
                    .description("trace hops written to the trace log").register(registry);
        }
        this.writer = Thread.ofPlatform().name("crystal-trace-writer").daemon(true).unstarted(this::writeLoop);
        writer.start();
    }

    /**
     * Hands every written batch to {@code listener} on the writer thread (e.g. an OpenTelemetry exporter); a listener
     * that throws is logged and the log goes on.
     */
    public void onWritten(Consumer<List<TraceRecord>> listener) {
        this.onWritten = listener;
    }

    /**
     * How worker names appear in traces: {@code names} maps a worker (or sender) name to the name shown, or to
     * {@code null} for a worker whose hops are not recorded (a cluster node's forwarders, which only pass messages to
     * a domain's stream: the domain's own hop, on whichever node, shows the wait). Call before traffic.
     */
    public void workerNames(UnaryOperator<String> names) {
        this.workerNames = Objects.requireNonNull(names, "names");
    }

    public TraceSettings settings() {
        return settings;
    }

    public String node() {
        return node;
    }

    // ---- producers (any thread) ----

    @Override
    public boolean traces(String correlationId) {
        return switch (settings.mode()) {
            case ON -> true;
            case OFF -> false;
            case SAMPLE -> correlationId != null
                    && Integer.remainderUnsigned(correlationId.hashCode() * 0x9E3779B1, settings.sampleEvery()) == 0;
        };
    }

    @Override
    public void record(Hop hop) {
        offer(hop);
    }

    /** Adds a hop that is not a worker's message (an HTTP request, a job attempt), if its operation is traced. */
    public void record(TraceRecord record) {
        if (traces(record.correlationId())) {
            offer(record);
        }
    }

    private void offer(Object item) {
        if (closing || !ring.offer(item)) {
            dropped.incrementAndGet();
        } else {
            offered.incrementAndGet();
            if (dozing) {
                dozing = false;
                LockSupport.unpark(writer);
            }
        }
    }

    /** Whether the writer is parked until the next offer (or the next retention): nothing came for a while. */
    boolean dozing() {
        return dozing;
    }

    /** Hops dropped because the ring was full (or the log closing). */
    public long dropped() {
        return dropped.get();
    }

    /** Waits (up to {@code timeoutMillis}) until everything offered so far is written; for tests and shutdown. */
    public boolean flush(long timeoutMillis) {
        long target = offered.get();
        flushing = true;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (written.get() < target) {
            if (System.nanoTime() > deadline || !writer.isAlive()) {
                return false;
            }
            LockSupport.unpark(writer);
            LockSupport.parkNanos(1_000_000);
        }
        return true;
    }

    // ---- the writer thread ----

    private void writeLoop() {
        List<TraceRecord> batch = new ArrayList<>(MAX_BATCH);
        long windowStart = System.nanoTime();
        int emptyRounds = 0;
        while (true) {
            Object item;
            while (batch.size() < MAX_BATCH && (item = ring.relaxedPoll()) != null) {
                try {
                    TraceRecord row = item instanceof Hop hop ? row(hop) : (TraceRecord) item;
                    if (row != null) {
                        batch.add(row);
                    } else {
                        written.incrementAndGet(); // not recorded, by design
                    }
                } catch (RuntimeException e) {
                    LOG.warn("trace hop skipped: {}", e.toString());
                    written.incrementAndGet();
                }
            }
            boolean due = batch.size() >= MAX_BATCH || closing || flushing
                    || System.nanoTime() - windowStart >= BATCH_WINDOW_NANOS;
            if (!batch.isEmpty() && due) {
                flushing = false;
                write(batch);
                var listener = onWritten;
                if (listener != null) {
                    try {
                        listener.accept(List.copyOf(batch));
                    } catch (RuntimeException e) {
                        LOG.warn("trace listener failed on {} hops: {}", batch.size(), e.toString());
                    }
                }
                batch.clear();
                windowStart = System.nanoTime();
                emptyRounds = 0;
                continue;
            }
            if (batch.isEmpty()) {
                retainIfDue();
                if (closing && ring.isEmpty()) {
                    return;
                }
                windowStart = System.nanoTime();
                if (++emptyRounds >= DOZE_AFTER_ROUNDS) {
                    dozing = true; // before the emptiness check: an offer after it sees the flag and wakes us
                    if (ring.isEmpty() && !closing && !flushing) {
                        LockSupport.parkNanos(Math.max(ROUND_NANOS, nextRetentionNanos - System.nanoTime()));
                    }
                    dozing = false;
                    continue;
                }
            } else {
                emptyRounds = 0;
            }
            LockSupport.parkNanos(ROUND_NANOS);
        }
    }

    private TraceRecord row(Hop hop) {
        var names = workerNames;
        String worker = names.apply(hop.worker());
        if (worker == null) {
            return null;
        }
        Envelope<?> e = hop.envelope();
        String source = names.apply(e.source());
        TraceKeys.Keys k = keys.of(e.payload());
        long enqueued = e.timestamp().getEpochSecond() * 1_000_000L + e.timestamp().getNano() / 1_000;
        String detail = hop.attempts() > 1 ? hop.attempts() + " attempts" : null;
        return new TraceRecord(e.correlationId(), e.messageId(), e.causationId(), "message", e.type(),
                source == null ? e.source() : source, worker, node, Math.min(enqueued, hop.startedMicros()), hop.startedMicros(), hop.finishedMicros(),
                hop.commitWaitMicros(), hop.outcome().name(), detail, k.subject(), k.customer());
    }

    private void write(List<TraceRecord> batch) {
        lock.lock();
        try {
            db.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO trace_hops (" + COLUMNS
                        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    for (TraceRecord r : batch) {
                        ps.setString(1, r.correlationId());
                        ps.setString(2, r.messageId());
                        ps.setString(3, r.causationId());
                        ps.setString(4, r.kind());
                        ps.setString(5, r.type());
                        ps.setString(6, r.source());
                        ps.setString(7, r.target());
                        ps.setString(8, r.node());
                        ps.setLong(9, r.enqueuedMicros());
                        ps.setLong(10, r.startedMicros());
                        ps.setLong(11, r.finishedMicros());
                        ps.setLong(12, r.commitWaitMicros());
                        ps.setString(13, r.outcome());
                        ps.setString(14, r.detail());
                        ps.setString(15, r.subject());
                        ps.setString(16, r.customer());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                writeKeys(c, batch);
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warn("{} trace hops could not be written: {}", batch.size(), e.toString());
            dropped.addAndGet(batch.size());
        } finally {
            lock.unlock();
            written.addAndGet(batch.size());
        }
    }

    /**
     * Adds the batch's subjects and customers to {@code trace_keys}: one upsert per key and operation, in key order
     * (cluster nodes writing the same keys lock them in the same order).
     */
    private static void writeKeys(Connection c, List<TraceRecord> batch) throws SQLException {
        Map<KeyOf, long[]> spans = new TreeMap<>();
        for (TraceRecord r : batch) {
            span(spans, r.subject(), r);
            if (r.customer() != null && !r.customer().equals(r.subject())) {
                span(spans, r.customer(), r);
            }
        }
        if (spans.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO trace_keys (key, correlation_id, first_us, last_us)"
                + " VALUES (?, ?, ?, ?) ON CONFLICT (key, correlation_id) DO UPDATE SET"
                + " first_us = CASE WHEN excluded.first_us < trace_keys.first_us THEN excluded.first_us"
                + " ELSE trace_keys.first_us END,"
                + " last_us = CASE WHEN excluded.last_us > trace_keys.last_us THEN excluded.last_us"
                + " ELSE trace_keys.last_us END")) {
            for (var e : spans.entrySet()) {
                ps.setString(1, e.getKey().key());
                ps.setString(2, e.getKey().correlationId());
                ps.setLong(3, e.getValue()[0]);
                ps.setLong(4, e.getValue()[1]);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void span(Map<KeyOf, long[]> spans, String key, TraceRecord r) {
        if (key == null || r.correlationId() == null) {
            return;
        }
        long[] span = spans.computeIfAbsent(new KeyOf(key, r.correlationId()),
                k -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE});
        span[0] = Math.min(span[0], r.startedMicros());
        span[1] = Math.max(span[1], r.finishedMicros());
    }

    /** A business key of an operation, ordered by key then operation. */
    private record KeyOf(String key, String correlationId) implements Comparable<KeyOf> {
        private static final Comparator<KeyOf> ORDER = Comparator.comparing(KeyOf::key)
                .thenComparing(KeyOf::correlationId);

        @Override
        public int compareTo(KeyOf o) {
            return ORDER.compare(this, o);
        }
    }

    private void retainIfDue() {
        long now = System.nanoTime();
        if (now - nextRetentionNanos < 0) {
            return;
        }
        nextRetentionNanos = now + TimeUnit.SECONDS.toNanos(RETENTION_EVERY_SECONDS);
        retainNow();
    }

    /** Deletes rows older than the maximum age and beyond the maximum row count; returns how many went. */
    public int retainNow() {
        long horizon = (clock.millis() - settings.maxAge().toMillis()) * 1_000L;
        lock.lock();
        try {
            return db.inTransaction(c -> {
                int deleted;
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM trace_hops WHERE finished_us < ?")) {
                    ps.setLong(1, horizon);
                    deleted = ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM trace_hops WHERE finished_us <"
                        + " (SELECT finished_us FROM trace_hops ORDER BY finished_us DESC LIMIT 1 OFFSET ?)")) {
                    ps.setLong(1, settings.maxRows() - 1);
                    deleted += ps.executeUpdate();
                }
                // a key goes with the last of its hops: every hop carrying it finished at or before its last_us
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM trace_keys WHERE last_us <"
                        + " (SELECT COALESCE(MIN(finished_us), ?) FROM trace_hops)")) {
                    ps.setLong(1, Long.MAX_VALUE);
                    ps.executeUpdate();
                }
                return deleted;
            });
        } catch (RuntimeException e) {
            LOG.warn("trace retention failed: {}", e.toString());
            return 0;
        } finally {
            lock.unlock();
        }
    }

    // ---- readers (any thread) ----

    /** Every hop of operation {@code correlationId}, by start time. */
    public List<TraceRecord> byCorrelation(String correlationId) {
        return query("SELECT " + COLUMNS + " FROM trace_hops WHERE correlation_id = ? ORDER BY started_us, enqueued_us",
                List.of(correlationId), Integer.MAX_VALUE);
    }

    /**
     * The operations {@code id} names: itself if it is a correlation id, else the correlation ids of the hops whose
     * business subject, customer or message id it is (earliest first).
     */
    public List<String> correlationsFor(String id) {
        if (byCorrelationExists(id)) {
            return List.of(id);
        }
        lock.lock();
        try {
            return db.read(c -> {
                // (operation, its earliest hop naming id): by subject or customer from trace_keys, by message id
                // from the hops; merged by time, as one query over the hops ordered by start used to return them
                List<Map.Entry<String, Long>> found = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT correlation_id, first_us FROM trace_keys"
                        + " WHERE key = ? ORDER BY first_us LIMIT " + SEARCH_LIMIT)) {
                    ps.setString(1, id);
                    collect(ps, found);
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT correlation_id, started_us FROM trace_hops"
                        + " WHERE message_id = ? ORDER BY started_us LIMIT " + SEARCH_LIMIT)) {
                    ps.setString(1, id);
                    collect(ps, found);
                }
                found.sort(Map.Entry.comparingByValue());
                LinkedHashSet<String> correlations = new LinkedHashSet<>();
                for (var f : found) {
                    if (correlations.size() == SEARCH_LIMIT) {
                        break;
                    }
                    correlations.add(f.getKey());
                }
                return List.copyOf(correlations);
            });
        } finally {
            lock.unlock();
        }
    }

    private static void collect(PreparedStatement ps, List<Map.Entry<String, Long>> into) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                into.add(Map.entry(rs.getString(1), rs.getLong(2)));
            }
        }
    }

    private boolean byCorrelationExists(String id) {
        return !query("SELECT " + COLUMNS + " FROM trace_hops WHERE correlation_id = ? LIMIT 1", List.of(id), 1).isEmpty();
    }

    /** The slowest hops of {@code kind} and {@code type} that finished after {@code sinceMicros}, slowest first. */
    public List<TraceRecord> slowest(String kind, String type, long sinceMicros, int limit) {
        lock.lock();
        try {
            return db.read(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM trace_hops WHERE kind = ?"
                        + " AND type = ? AND finished_us >= ? ORDER BY (finished_us - enqueued_us) DESC LIMIT ?")) {
                    ps.setString(1, kind);
                    ps.setString(2, type);
                    ps.setLong(3, sinceMicros);
                    ps.setInt(4, limit);
                    return read(ps, limit);
                }
            });
        } finally {
            lock.unlock();
        }
    }

    /** The slowest message hops handled at {@code worker} that finished after {@code sinceMicros}, slowest first. */
    public List<TraceRecord> slowestAt(String worker, long sinceMicros, int limit) {
        lock.lock();
        try {
            return db.read(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM trace_hops WHERE kind ="
                        + " 'message' AND target = ? AND finished_us >= ? ORDER BY (finished_us - started_us) DESC LIMIT ?")) {
                    ps.setString(1, worker);
                    ps.setLong(2, sinceMicros);
                    ps.setInt(3, limit);
                    return read(ps, limit);
                }
            });
        } finally {
            lock.unlock();
        }
    }

    /** How many rows the log holds now. */
    public long count() {
        lock.lock();
        try {
            return db.read(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM trace_hops");
                     ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
        } finally {
            lock.unlock();
        }
    }

    private List<TraceRecord> query(String sql, List<String> args, int limit) {
        lock.lock();
        try {
            return db.read(c -> {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    for (int i = 0; i < args.size(); i++) {
                        ps.setString(i + 1, args.get(i));
                    }
                    return read(ps, limit);
                }
            });
        } finally {
            lock.unlock();
        }
    }

    private static List<TraceRecord> read(PreparedStatement ps, int limit) throws SQLException {
        List<TraceRecord> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next() && out.size() < limit) {
                out.add(new TraceRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getLong(9),
                        rs.getLong(10), rs.getLong(11), rs.getLong(12), rs.getString(13), rs.getString(14),
                        rs.getString(15), rs.getString(16)));
            }
        }
        return out;
    }

    /** Writes what is waiting, stops the writer. Does not close the database (its owner does). */
    @Override
    public void close() {
        closing = true;
        LockSupport.unpark(writer);
        try {
            writer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}

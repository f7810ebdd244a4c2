package dev.crystal.server.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crystal.server.http.HttpLimits;
import dev.crystal.server.http.SseFanout;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples the meters, evaluates the alert rules and pushes the resulting view to dashboard
 * viewers, once per interval. Thread ownership: sampler, evaluator and the recent-view history
 * belong to the {@code crystal-ops} tick thread (or to the caller of {@link #tick()} when not
 * started); the latest view and history are published through volatile fields; viewers are
 * handed views by the one broadcast thread through their bounded buffers ({@link SseFanout}), so a
 * slow browser never delays alert evaluation nor the other dashboards, and is dropped when it falls
 * too far behind. A new viewer is sent at most {@code replayBytes} of recent views. The store ({@code ops.db}: sample
 * history, alert events, silences) belongs to the {@code crystal-ops} thread too; HTTP requests reach it through
 * {@link #onOpsThread}. The silences are an atomically swapped list any thread may read.
 */
public final class OpsMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OpsMonitor.class);
    /** How many past views a newly connected dashboard receives to fill its charts. */
    public static final int HISTORY = 120;
    static final String SNAPSHOT_EVENT = "snapshot";

    private final SnapshotSampler sampler;
    private final AlertEvaluator evaluator;
    private final InstantSource clock;
    private final Silences silences = new Silences();
    private final OpsStore store;
    private final HistoryRecorder recorder;
    private final HistoryReport historyReport;
    private final List<AlertListener> listeners;
    private final Recommendations recommendations;
    private final AlertSettings settings;
    private final ObjectMapper json;
    private final ArrayDeque<String> history = new ArrayDeque<>();
    private final CopyOnWriteArrayList<SseFanout.Subscriber> viewers = new CopyOnWriteArrayList<>();
    private final int replayBytes;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("crystal-ops").daemon(true).factory());
    private final ExecutorService broadcaster = Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("crystal-ops-broadcast").factory());
    private volatile OpsView latest;
    private volatile List<String> recentJson = List.of();

    public OpsMonitor(MeterReader reader, InstantSource clock, AlertSettings settings, ObjectMapper json) {
        this(reader, clock, settings, json, HttpLimits.DEFAULT_SSE_REPLAY_BYTES);
    }

    /** A monitor that replays at most {@code replayBytes} of recent views to each new dashboard. */
    public OpsMonitor(MeterReader reader, InstantSource clock, AlertSettings settings, ObjectMapper json,
                      int replayBytes) {
        this(reader, clock, settings, json, replayBytes, null, List.of());
    }

    /**
     * A monitor that keeps its sample history, alert events and silences in {@code store} ({@code null}: none, and
     * no windowed reports) and tells {@code listeners} (e.g. {@link AlertDelivery}) every evaluation; it closes the
     * store and every listener that is {@link AutoCloseable}.
     */
    public OpsMonitor(MeterReader reader, InstantSource clock, AlertSettings settings, ObjectMapper json,
                      int replayBytes, OpsStore store, List<AlertListener> listeners) {
        this.replayBytes = replayBytes;
        this.settings = settings;
        this.clock = clock;
        this.store = store;
        this.recorder = store == null ? null : new HistoryRecorder(store);
        this.historyReport = new HistoryReport(settings);
        this.listeners = List.copyOf(listeners);
        List<AlertListener> all = new ArrayList<>(listeners);
        if (store != null) {
            silences.load(store.silences());
            all.add(recorder);
        }
        this.sampler = new SnapshotSampler(reader, clock, settings.window(), settings.lookBack(),
                settings.queueGrowthWindow());
        AlertRules rules = new AlertRules(settings);
        this.evaluator = new AlertEvaluator(rules, silences, all);
        this.recommendations = new Recommendations(settings);
        this.json = json;
    }

    /** Takes a first sample now and then one every interval on the {@code crystal-ops} thread. */
    public void start() {
        tick();
        long every = settings.interval().toMillis();
        ticker.scheduleAtFixedRate(this::tickLogged, every, every, TimeUnit.MILLISECONDS);
    }

    private void tickLogged() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.error("ops sampling failed; trying again next interval", e);
        }
    }

    /** Samples, evaluates the alerts, publishes and broadcasts the new view; returns it. */
    public OpsView tick() {
        OpsSnapshot snapshot = sampler.sample();
        if (recorder != null) {
            recorder.record(sampler.lastReading());
        }
        AlertBoard board = evaluator.evaluate(snapshot);
        OpsView view = new OpsView(snapshot, board, recommendations.derive(snapshot.window(), snapshot));
        String text = toJson(view);
        history.addLast(text);
        while (history.size() > HISTORY) {
            history.removeFirst();
        }
        recentJson = List.copyOf(history);
        latest = view;
        if (!viewers.isEmpty()) {
            broadcaster.execute(() -> broadcast(text));
        }
        return view;
    }

    /** The latest view; {@code null} before the first tick. */
    public OpsView latest() {
        return latest;
    }

    public AlertSettings settings() {
        return settings;
    }

    /** The latest view as JSON, or {@code null} before the first tick. */
    public String latestJson() {
        List<String> recent = recentJson;
        return recent.isEmpty() ? null : recent.get(recent.size() - 1);
    }

    /**
     * Registers a dashboard connection: it first receives the most recent views that fit in
     * {@code replayBytes} (oldest first), then every new one.
     */
    public void addViewer(SseFanout.Subscriber viewer) {
        viewer.onClose(() -> viewers.remove(viewer));
        broadcaster.execute(() -> {
            List<String> past = replay(recentJson, replayBytes);
            // never more than the subscriber's buffer can take, so a replay alone cannot drop it
            past = past.subList(Math.max(0, past.size() - Math.max(0, viewer.room() - 1)), past.size());
            for (String view : past) {
                viewer.offer(SNAPSHOT_EVENT, view);
            }
            if (viewer.open()) {
                viewers.add(viewer);
            }
        });
    }

    /** The newest views whose sizes add up to at most {@code maxBytes}, oldest first. */
    static List<String> replay(List<String> recent, int maxBytes) {
        int from = recent.size();
        long bytes = 0;
        while (from > 0 && bytes + recent.get(from - 1).length() <= maxBytes) {
            bytes += recent.get(from - 1).length();
            from--;
        }
        return recent.subList(from, recent.size());
    }

    /** Number of connected dashboards. */
    public int viewers() {
        return viewers.size();
    }

    private void broadcast(String text) {
        for (SseFanout.Subscriber viewer : viewers) {
            if (!viewer.open() || !viewer.offer(SNAPSHOT_EVENT, text)) {
                viewers.remove(viewer);
            }
        }
    }

    private String toJson(OpsView view) {
        try {
            return json.writeValueAsString(view);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("ops view not serializable", e);
        }
    }

    /**
     * Runs {@code work} on the {@code crystal-ops} thread (which owns the store) and waits for its result.
     *
     * @throws IllegalStateException when it fails, takes over 10 s or the monitor is closed
     */
    public <T> T onOpsThread(Callable<T> work) {
        try {
            return ticker.submit(work).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for the ops thread", e);
        } catch (TimeoutException | RejectedExecutionException e) {
            throw new IllegalStateException("the ops thread did not answer: " + e, e);
        }
    }

    /** Now, on the monitor's clock. */
    public Instant now() {
        return clock.instant();
    }

    /** The silences (any thread may read them). */
    public Silences silences() {
        return silences;
    }

    /**
     * Silences the alerts matching {@code kind} and {@code subject} (either may be null, not both) for {@code span}
     * from now; stored so it outlives a restart.
     */
    public Silence silence(AlertKind kind, String subject, Duration span, String createdBy, String comment) {
        if (span == null || span.isNegative() || span.isZero()) {
            throw new IllegalArgumentException("a silence must last a positive duration, was " + span);
        }
        Instant now = clock.instant();
        Silence s = new Silence("sil_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16), kind,
                subject, now, now.plus(span), createdBy, comment == null ? "" : comment);
        save(s);
        return s;
    }

    /** Ends the silence {@code id} now; empty when there is none. */
    public Optional<Silence> expire(String id) {
        Optional<Silence> found = silences.find(id);
        found.ifPresent(s -> save(s.expiredAt(clock.instant())));
        return found.flatMap(s -> silences.find(id));
    }

    private void save(Silence s) {
        if (store != null) {
            onOpsThread(() -> {
                store.saveSilence(s);
                return null;
            });
        }
        silences.put(s);
    }

    /** The YAML report of {@code window} from the stored history; empty without a store. */
    public Optional<Map<String, Object>> report(ReportWindow window) {
        if (store == null) {
            return Optional.empty();
        }
        return Optional.of(onOpsThread(() -> historyReport.document(store, window, clock.instant(),
                recorder == null ? List.of() : recorder.unsaved())));
    }

    /** Renders a report document as YAML. */
    public String renderReport(Map<String, Object> document) {
        return historyReport.render(document);
    }

    /** Stops sampling (storing the last partial minute) and closes every dashboard connection. */
    @Override
    public void close() {
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (AlertListener l : listeners) {
            if (l instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    LOG.warn("closing alert listener {} failed", l, e);
                }
            }
        }
        if (store != null) {
            try {
                sampler.sample(); // what happened since the last tick belongs in the history too
                recorder.record(sampler.lastReading());
            } catch (RuntimeException e) {
                LOG.warn("the last ops reading at close failed; the history ends at the last tick", e);
            }
            recorder.flush(clock.instant());
            store.close();
        }
        broadcaster.execute(() -> viewers.forEach(SseFanout.Subscriber::close));
        broadcaster.shutdown();
        try {
            broadcaster.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

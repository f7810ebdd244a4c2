package dev.crystal.server.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crystal.server.http.HttpLimits;
import dev.crystal.server.http.SseFanout;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples the meters, evaluates the alert rules and pushes the resulting view to dashboard
 * viewers, once per interval. Thread ownership: sampler, evaluator and the recent-view history
 * belong to the {@code crystal-ops} tick thread (or to the caller of {@link #tick()} when not
 * started); the latest view and history are published through volatile fields; viewers are
 * handed views by the one broadcast thread through their bounded buffers ({@link SseFanout}), so a
 * slow browser never delays alert evaluation nor the other dashboards, and is dropped when it falls
 * too far behind. A new viewer is sent at most {@code replayBytes} of recent views.
 */
public final class OpsMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OpsMonitor.class);
    /** How many past views a newly connected dashboard receives to fill its charts. */
    public static final int HISTORY = 120;
    static final String SNAPSHOT_EVENT = "snapshot";

    private final SnapshotSampler sampler;
    private final AlertEvaluator evaluator;
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
        this.replayBytes = replayBytes;
        this.settings = settings;
        this.sampler = new SnapshotSampler(reader, clock, settings.window(), settings.lookBack(),
                settings.queueGrowthWindow());
        AlertRules rules = new AlertRules(settings);
        this.evaluator = new AlertEvaluator(rules);
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

    /** Stops sampling and closes every dashboard connection. */
    @Override
    public void close() {
        ticker.shutdownNow();
        broadcaster.execute(() -> viewers.forEach(SseFanout.Subscriber::close));
        broadcaster.shutdown();
        try {
            broadcaster.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

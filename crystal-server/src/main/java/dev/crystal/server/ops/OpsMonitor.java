package dev.crystal.server.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.sse.SseClient;
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
 * written to only by the one broadcast thread, so a slow browser never delays alert evaluation.
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
    private final CopyOnWriteArrayList<SseClient> viewers = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("crystal-ops").daemon(true).factory());
    private final ExecutorService broadcaster = Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("crystal-ops-broadcast").factory());
    private volatile OpsView latest;
    private volatile List<String> recentJson = List.of();

    public OpsMonitor(MeterReader reader, InstantSource clock, AlertSettings settings, ObjectMapper json) {
        this.settings = settings;
        this.sampler = new SnapshotSampler(reader, clock, settings.window(), settings.restartWindow().compareTo(
                settings.window()) > 0 ? settings.restartWindow() : settings.window());
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

    /** Registers a dashboard connection: it first receives the recent views, then every new one. */
    public void addViewer(SseClient client) {
        client.onClose(() -> viewers.remove(client));
        broadcaster.execute(() -> {
            for (String past : recentJson) {
                client.sendEvent(SNAPSHOT_EVENT, past);
            }
            viewers.add(client);
        });
    }

    /** Number of connected dashboards. */
    public int viewers() {
        return viewers.size();
    }

    private void broadcast(String text) {
        for (SseClient client : viewers) {
            if (client.terminated()) {
                viewers.remove(client);
            } else {
                client.sendEvent(SNAPSHOT_EVENT, text);
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
        broadcaster.execute(() -> viewers.forEach(SseClient::close));
        broadcaster.shutdown();
        try {
            broadcaster.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

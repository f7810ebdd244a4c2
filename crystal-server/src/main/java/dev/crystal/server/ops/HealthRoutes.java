package dev.crystal.server.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crystal.runtime.WorkerHealth;
import dev.crystal.runtime.WorkerRuntime;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Health like Spring Boot Actuator's: {@code /health/live} (the process answers), {@code /health/ready} (every
 * component, see {@link PlatformHealth}) and {@code /health} (the same as ready, with the worker list of earlier
 * versions). {@code DOWN} answers 503; {@code UP} and {@code DEGRADED} answer 200. Stateless; handlers run on
 * request threads.
 */
public final class HealthRoutes {
    private final PlatformHealth health;
    private final WorkerRuntime runtime;
    private final ObjectMapper json;

    public HealthRoutes(PlatformHealth health, WorkerRuntime runtime, ObjectMapper json) {
        this.health = health;
        this.runtime = runtime;
        this.json = json;
    }

    /** Registers the routes. */
    public void mount(Javalin app) {
        app.get("/health/live", ctx -> send(ctx, 200, Map.of("status", HealthStatus.UP.name())));
        app.get("/health/ready", ctx -> ready(ctx, false));
        app.get("/health", ctx -> ready(ctx, true));
    }

    private void ready(Context ctx, boolean withWorkerList) throws Exception {
        HealthComponent ready = health.ready();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", ready.status().name());
        out.put("components", render(ready.components()));
        if (withWorkerList) {
            out.put("workers", workers(runtime.health()));
        }
        send(ctx, ready.status() == HealthStatus.DOWN ? 503 : 200, out);
    }

    private static Map<String, Object> render(Map<String, HealthComponent> components) {
        Map<String, Object> out = new LinkedHashMap<>();
        components.forEach((name, c) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("status", c.status().name());
            if (!c.details().isEmpty()) {
                m.put("details", c.details());
            }
            if (!c.components().isEmpty()) {
                m.put("components", render(c.components()));
            }
            out.put(name, m);
        });
        return out;
    }

    private static List<Map<String, Object>> workers(List<WorkerHealth> workers) {
        return workers.stream().map(w -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", w.name());
            m.put("state", w.state().name());
            m.put("healthy", w.healthy());
            m.put("uptimeSeconds", w.uptime().toSeconds());
            m.put("processed", w.processed());
            m.put("errors", w.errors());
            m.put("mailboxDepth", w.mailboxDepth());
            m.put("mailboxCapacity", w.mailboxCapacity());
            m.put("deadLettered", w.deadLettered());
            return m;
        }).toList();
    }

    private void send(Context ctx, int status, Object body) throws Exception {
        ctx.status(status).contentType("application/json").result(json.writeValueAsString(body));
    }
}

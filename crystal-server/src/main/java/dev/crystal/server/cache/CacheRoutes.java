package dev.crystal.server.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /ops/cache}: whether reads go through a cache, its settings, and per cache the hits, misses, hit rate,
 * evictions, invalidations, size and mean load time since start (the dashboard's cache tile). Stateless.
 */
public final class CacheRoutes {
    private final ReadCaches caches;
    private final ObjectMapper json;

    public CacheRoutes(ReadCaches caches, ObjectMapper json) {
        this.caches = caches;
        this.json = json;
    }

    /** Registers the route on {@code app}. */
    public void mount(Javalin app) {
        app.get("/ops/cache", this::describe);
    }

    private void describe(Context ctx) throws JsonProcessingException {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("enabled", caches.enabled());
        out.put("store", caches.store());
        if (caches.enabled()) {
            CacheSettings s = caches.settings();
            out.put("ttlSeconds", s.ttl().toMillis() / 1000.0);
            out.put("jitterSeconds", s.jitter().toMillis() / 1000.0);
            out.put("maxEntries", s.maxEntries());
            out.put("warm", s.warm());
        }
        List<Map<String, Object>> list = caches.enabled() ? caches.stats().stream().map(CacheRoutes::figures).toList()
                : List.of();
        out.put("caches", list);
        ctx.contentType("application/json").result(json.writeValueAsString(out));
    }

    private static Map<String, Object> figures(ReadCache.CacheStats s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        m.put("hits", s.hits());
        m.put("misses", s.misses());
        m.put("hitRate", Math.round(s.hitRate() * 10_000) / 10_000.0);
        m.put("evictions", s.evictions());
        m.put("invalidations", s.invalidations());
        if (s.size() >= 0) {
            m.put("size", s.size());
        }
        m.put("loadMeanMs", Math.round(s.loadMeanMs() * 1000) / 1000.0);
        return m;
    }
}

package dev.crystal.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crystal.server.auth.ApiKeys;
import dev.crystal.server.auth.Principal;
import dev.crystal.server.auth.Role;
import dev.crystal.server.auth.Sessions;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keys and sessions: {@code GET|POST /admin/keys}, {@code POST /admin/keys/{id}/revoke} (admin), the dashboard's
 * login page ({@code GET /login}) and its session ({@code POST|DELETE /session}). Stateless apart from its
 * thread-safe collaborators.
 */
public final class AccessRoutes {
    private static final Set<String> CREATE_FIELDS = Set.of("name", "role", "customers");
    private static final Set<String> LOGIN_FIELDS = Set.of("apiKey");

    private final ApiKeys keys;
    private final Sessions sessions;
    private final ObjectMapper json;

    public AccessRoutes(ApiKeys keys, Sessions sessions, ObjectMapper json) {
        this.keys = keys;
        this.sessions = sessions;
        this.json = json;
    }

    /** Registers the routes. */
    public void mount(Javalin app) {
        app.get("/admin/keys", ctx -> send(ctx, 200, Map.of("keys", keys.list().stream().map(AccessRoutes::view).toList())));
        app.post("/admin/keys", this::create);
        app.post("/admin/keys/{id}/revoke", ctx -> {
            String id = Gateway.pathId(ctx, "id");
            ApiKeys.ApiKey revoked;
            try {
                revoked = keys.revoke(id).orElseThrow(() -> Gateway.notFound("KEY_NOT_FOUND", "id", "no key " + id));
            } catch (ApiKeys.LastAdminKey e) {
                throw Gateway.conflict("LAST_ADMIN_KEY", "id", e.getMessage());
            }
            send(ctx, 200, view(revoked));
        });
        app.get("/login", ctx -> {
            InputStream page = AccessRoutes.class.getClassLoader().getResourceAsStream("dashboard/login.html");
            if (page == null) {
                throw new IllegalStateException("login page missing from the classpath");
            }
            ctx.header("Cache-Control", "no-cache").contentType("text/html; charset=utf-8").result(page);
        });
        app.post("/session", this::login);
        app.delete("/session", ctx -> {
            sessions.close(ctx.cookie(Sessions.COOKIE));
            ctx.header("Set-Cookie", Sessions.COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
            ctx.status(204);
        });
    }

    private void create(Context ctx) {
        JsonBody body = JsonBody.parse(ctx.body(), json, CREATE_FIELDS);
        String roleName = body.requiredChoice("role", List.of("client", "operator", "admin"));
        Role role = Role.fromWireName(roleName).orElseThrow();
        String name = body.optionalText("name");
        List<String> customers = body.optionalIdList("customers", 1_000);
        ApiKeys.Created created;
        try {
            created = keys.create(name == null ? role.wireName() : name, role, customers);
        } catch (ApiKeys.NameTaken e) {
            throw Gateway.conflict("KEY_NAME_TAKEN", e.field(), e.getMessage());
        } catch (ApiKeys.InvalidKeyRequest e) {
            throw ApiError.badRequest(e.field(), e.getMessage());
        }
        Map<String, Object> out = view(created.key());
        out.put("key", created.secret());
        out.put("note", "the key is shown only now; it is stored hashed and cannot be shown again");
        ctx.header("Location", "/admin/keys");
        send(ctx, 201, out);
    }

    private void login(Context ctx) {
        JsonBody body = JsonBody.parse(ctx.body(), json, LOGIN_FIELDS);
        String secret = body.requiredText("apiKey");
        Principal p = keys.authenticate(secret.trim()).orElseThrow(() -> {
            ctx.header("WWW-Authenticate", "Bearer realm=\"crystal\"");
            return new ApiError(401, "UNAUTHENTICATED", "apiKey", "the API key is unknown or revoked");
        });
        if (!p.role().atLeast(Role.OPERATOR)) {
            throw new ApiError(403, "FORBIDDEN", "apiKey", "the dashboard needs an operator or admin key; key "
                    + p.keyId() + " is " + p.role().wireName());
        }
        String token = sessions.open(p.keyId());
        // Secure when the browser reached us over HTTPS (directly or through a proxy that says so)
        boolean https = "https".equalsIgnoreCase(ctx.scheme())
                || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
        ctx.header("Set-Cookie", Sessions.COOKIE + "=" + token + "; Path=/; Max-Age=" + sessions.ttl().toSeconds()
                + "; HttpOnly; SameSite=Strict" + (https ? "; Secure" : ""));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("keyId", p.keyId());
        out.put("name", p.name());
        out.put("role", p.role().wireName());
        send(ctx, 200, out);
    }

    private static Map<String, Object> view(ApiKeys.ApiKey k) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", k.id());
        m.put("name", k.name());
        m.put("role", k.role().wireName());
        m.put("customers", k.customers());
        m.put("createdAt", k.createdAt().toString());
        m.put("revoked", k.revoked());
        if (k.revokedAt() != null) {
            m.put("revokedAt", k.revokedAt().toString());
        }
        return m;
    }

    private void send(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType("application/json").result(json.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response not serializable", e);
        }
    }
}

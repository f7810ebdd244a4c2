package dev.crystal.server.auth;

import dev.crystal.server.http.ApiError;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks every matched request against {@link AccessPolicy} before its handler runs: finds the caller from
 * {@code Authorization: Bearer <key>}, {@code X-Api-Key: <key>} or the dashboard's session cookie (reads, and
 * writes that carry {@value #SESSION_WRITE_HEADER}), then refuses with 401 {@code UNAUTHENTICATED} (no, unknown
 * or revoked key; with {@code WWW-Authenticate}) or 403 {@code FORBIDDEN} (role too low, customer outside the
 * key's list, or a route the policy does not name). The caller is left on the request for handlers ({@link #principal}).
 * Stateless apart from its thread-safe collaborators; runs on request threads.
 */
public final class AccessGuard {
    private static final String PRINCIPAL = "crystal.principal";
    private static final String BEARER = "Bearer";
    private static final String CHALLENGE = "Bearer realm=\"crystal\"";
    /** The header the dashboard's own scripts add to a write made with the session cookie. */
    public static final String SESSION_WRITE_HEADER = "X-Crystal-Session";

    private final AccessPolicy policy;
    private final ApiKeys keys;
    private final Sessions sessions;

    public AccessGuard(AccessPolicy policy, ApiKeys keys, Sessions sessions) {
        this.policy = policy;
        this.keys = keys;
        this.sessions = sessions;
    }

    /** Installs the check in front of every route of {@code app}. */
    public void mount(Javalin app) {
        app.beforeMatched(this::check);
    }

    private void check(Context ctx) {
        String method = ctx.method().name();
        String route = ctx.endpointHandlerPath();
        AccessPolicy.Rule rule = policy.rule(method, route).orElseThrow(() -> new ApiError(403, "FORBIDDEN", null,
                "no access rule for " + method + " " + route + ": the route is closed"));
        if (rule.open()) {
            return;
        }
        Optional<Principal> caller;
        try {
            caller = caller(ctx);
        } catch (ApiError e) {
            caller = Optional.empty();
            if (!isDashboardPage(ctx, method, route)) {
                throw e;
            }
        }
        if (caller.isEmpty()) {
            if (isDashboardPage(ctx, method, route)) {
                // a person opening the dashboard without a session gets the login page
                ctx.redirect("/login", HttpStatus.FOUND);
                ctx.skipRemainingHandlers();
                return;
            }
            throw unauthenticated(ctx, "an API key is required: send Authorization: Bearer <key> or X-Api-Key: <key>");
        }
        Principal principal = caller.get();
        if (!principal.role().atLeast(rule.minimum())) {
            throw new ApiError(403, "FORBIDDEN", null, "key " + principal.keyId() + " (" + principal.role().wireName()
                    + ") may not call " + method + " " + route + ": it needs the " + rule.minimum().wireName()
                    + " role");
        }
        ctx.attribute(PRINCIPAL, principal);
        if (rule.scope() == AccessPolicy.CustomerScope.PATH_ID) {
            requireCustomer(ctx, ctx.pathParam("id"));
        }
    }

    /** Who is calling, as checked by the guard. */
    public static Principal principal(Context ctx) {
        Principal p = ctx.attribute(PRINCIPAL);
        if (p == null) {
            throw new ApiError(401, "UNAUTHENTICATED", null, "an API key is required");
        }
        return p;
    }

    /** Refuses (403) unless the caller may act for {@code customerId} (client keys with a customer list). */
    public static void requireCustomer(Context ctx, String customerId) {
        Principal p = principal(ctx);
        if (!p.mayAct(customerId)) {
            throw new ApiError(403, "FORBIDDEN", "customerId", "key " + p.keyId() + " may not act for customer "
                    + customerId);
        }
    }

    /**
     * The name a request claims for itself ({@code ?by=}, {@code requestedBy}…) must be the caller's own name (or
     * identity) when given: otherwise 400 {@code IDENTITY_MISMATCH}. Returns the caller's identity, which is what is
     * recorded.
     */
    public static String identity(Context ctx, String field, String claimed) {
        Principal p = principal(ctx);
        if (claimed != null && !claimed.isEmpty() && !p.isCalled(claimed)) {
            throw new ApiError(400, "IDENTITY_MISMATCH", field, field + " is taken from the API key (key "
                    + p.keyId() + " is '" + p.name() + "'); leave it out or send that name");
        }
        return p.identity();
    }

    private Optional<Principal> caller(Context ctx) {
        String authorization = ctx.header("Authorization");
        if (authorization != null && !authorization.isBlank()) {
            String value = authorization.trim();
            int gap = firstWhitespace(value);
            if (gap != BEARER.length() || !value.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                throw unauthenticated(ctx, "Authorization must be 'Bearer <key>'");
            }
            return Optional.of(known(ctx, keys.authenticate(value.substring(gap + 1).trim())));
        }
        String apiKey = ctx.header("X-Api-Key");
        if (apiKey != null && !apiKey.isBlank()) {
            return Optional.of(known(ctx, keys.authenticate(apiKey.trim())));
        }
        String token = ctx.cookie(Sessions.COOKIE);
        if (token != null && (ctx.method().name().equals("GET") || ctx.header(SESSION_WRITE_HEADER) != null)) {
            // A session stands for its key on reads (GET, SSE). A write with the cookie must also carry a custom
            // header, which a page of another origin cannot send without a CORS preflight this server never
            // approves (on top of SameSite=Strict): no cross-site request forgery through the session.
            return Optional.of(known(ctx, sessions.keyId(token).flatMap(keys::byId)));
        }
        return Optional.empty();
    }

    /** The index of the first character of {@code \\s} (space, tab, line feed, vertical tab, form feed, return), or -1. */
    private static int firstWhitespace(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r') {
                return i;
            }
        }
        return -1;
    }

    private static Principal known(Context ctx, Optional<Principal> found) {
        return found.orElseThrow(() -> unauthenticated(ctx, "the API key or session is unknown, expired or revoked"));
    }

    private static ApiError unauthenticated(Context ctx, String message) {
        ctx.header("WWW-Authenticate", CHALLENGE);
        return new ApiError(401, "UNAUTHENTICATED", null, message);
    }

    private static boolean isDashboardPage(Context ctx, String method, String route) {
        String accept = ctx.header("Accept");
        return method.equals("GET") && route.equals("/") && accept != null
                && accept.toLowerCase(Locale.ROOT).contains("text/html");
    }
}

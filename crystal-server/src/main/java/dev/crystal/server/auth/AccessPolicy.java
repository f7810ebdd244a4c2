package dev.crystal.server.auth;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The one table of who may call what: every route of the API, by method and path pattern, with the least role
 * it needs and how a client key's customer list applies. {@link AccessGuard} refuses a route missing from this
 * table (deny by default), so a new route is closed until it gets a line here. Immutable.
 */
public final class AccessPolicy {

    /** How a customer-scoped client key is checked on a route. */
    public enum CustomerScope {
        /** The route names no customer (client keys cannot reach it, or it is public). */
        NONE,
        /** The customer is the {@code {id}} path parameter: checked before the handler runs. */
        PATH_ID,
        /** The customer is in the body or the stored record: the handler checks it ({@link AccessGuard#requireCustomer}). */
        IN_HANDLER
    }

    /**
     * One route's rule.
     *
     * @param minimum the least role, or {@code null} for a route anyone may call
     * @param scope   how a client key's customer list applies
     */
    public record Rule(Role minimum, CustomerScope scope) {
        /** Whether the route answers without a key. */
        public boolean open() {
            return minimum == null;
        }
    }

    private static final Rule OPEN = new Rule(null, CustomerScope.NONE);
    private static final Rule CLIENT_PATH = new Rule(Role.CLIENT, CustomerScope.PATH_ID);
    private static final Rule CLIENT_HANDLER = new Rule(Role.CLIENT, CustomerScope.IN_HANDLER);
    private static final Rule CLIENT = new Rule(Role.CLIENT, CustomerScope.NONE);
    private static final Rule OPERATOR = new Rule(Role.OPERATOR, CustomerScope.NONE);
    private static final Rule ADMIN = new Rule(Role.ADMIN, CustomerScope.NONE);

    private final Map<String, Rule> rules;
    /** The same rules by path pattern, then method: looked up per request without building a key. */
    private final Map<String, Map<String, Rule>> byPath;

    private AccessPolicy(Map<String, Rule> rules) {
        this.rules = Collections.unmodifiableMap(rules);
        Map<String, Map<String, Rule>> paths = new HashMap<>();
        rules.forEach((route, rule) -> {
            int space = route.indexOf(' ');
            paths.computeIfAbsent(route.substring(space + 1), p -> new HashMap<>()).put(route.substring(0, space), rule);
        });
        Map<String, Map<String, Rule>> frozen = new HashMap<>();
        paths.forEach((path, methods) -> frozen.put(path, Map.copyOf(methods)));
        this.byPath = Map.copyOf(frozen);
    }

    /** The platform's policy, with the probes opened as {@code settings} says. */
    public static AccessPolicy standard(AccessSettings settings) {
        Map<String, Rule> r = new LinkedHashMap<>();
        // anyone: the login page and its session, the dashboard's static code (no data), liveness
        r.put("GET /login", OPEN);
        r.put("POST /session", OPEN);
        r.put("DELETE /session", OPEN);
        r.put("GET /dashboard/dashboard.js", OPEN);
        r.put("GET /dashboard/dashboard.css", OPEN);
        r.put("GET /dashboard/chart.umd.js", OPEN);
        r.put("GET /dashboard/dlq.js", OPEN);
        r.put("GET /dashboard/jobs.js", OPEN);
        r.put("GET /dashboard/confirm.js", OPEN);
        r.put("GET /dashboard/reports.js", OPEN);
        r.put("GET /health/live", settings.openHealth() ? OPEN : OPERATOR);
        r.put("GET /health/ready", settings.openHealth() ? OPEN : OPERATOR);
        r.put("GET /metrics", settings.openMetrics() ? OPEN : OPERATOR);

        // client: settle, and read its own customers
        r.put("POST /collections/process-settlement", CLIENT_HANDLER);
        r.put("GET /settlements/{id}", CLIENT_HANDLER);
        r.put("GET /customers/{id}/balance", CLIENT_PATH);
        r.put("GET /customers/{id}/ledger", CLIENT_PATH);
        r.put("GET /customers/{id}/notifications", CLIENT_PATH);
        r.put("GET /customers/{id}/bonuses", CLIENT_PATH);
        r.put("GET /bonuses/{id}", CLIENT_HANDLER);
        r.put("GET /openapi.yaml", CLIENT);

        // operator: dashboard and every read, jobs, dead letters, back-office work
        r.put("GET /", OPERATOR);
        r.put("GET /alerts", OPERATOR);
        r.put("GET /report", OPERATOR);
        r.put("GET /reports", OPERATOR);
        r.put("GET /alerts/silences", OPERATOR);
        r.put("POST /alerts/silences", OPERATOR);
        r.put("DELETE /alerts/silences/{id}", OPERATOR);
        r.put("GET /ops/snapshot", OPERATOR);
        r.put("GET /ops/events", OPERATOR);
        r.put("GET /ops/cache", OPERATOR);
        r.put("GET /health", OPERATOR);
        r.put("POST /customers", OPERATOR);
        r.put("POST /customers/{id}/holds", OPERATOR);
        r.put("POST /customers/{id}/holds/{holdId}/release", OPERATOR);
        r.put("POST /customers/{id}/holds/{holdId}/capture", OPERATOR);
        r.put("POST /affiliates", OPERATOR);
        r.put("GET /affiliates/{id}", OPERATOR);
        r.put("POST /affiliates/{id}/customers", OPERATOR);
        r.put("GET /affiliates/{id}/notifications", OPERATOR);
        r.put("POST /distributions/calculate", OPERATOR);
        r.put("POST /distributions/payout", OPERATOR);
        r.put("POST /bonuses", OPERATOR);
        r.put("POST /bonuses/{id}/redeem", OPERATOR);
        r.put("POST /adjustments", OPERATOR);
        r.put("GET /adjustments/{id}", OPERATOR);
        r.put("GET /workflows", OPERATOR);
        r.put("GET /workflows/{correlationId}", OPERATOR);
        r.put("GET /jobs/queues", OPERATOR);
        r.put("GET /jobs/queues/{queue}", OPERATOR);
        r.put("GET /jobs/queues/{queue}/jobs", OPERATOR);
        r.put("GET /jobs/queues/{queue}/jobs/{id}", OPERATOR);
        r.put("POST /jobs/queues/{queue}/jobs/{id}/retry", OPERATOR);
        r.put("DELETE /jobs/queues/{queue}/jobs/{id}", OPERATOR);
        r.put("POST /jobs/queues/{queue}/pause", OPERATOR);
        r.put("POST /jobs/queues/{queue}/resume", OPERATOR);
        r.put("POST /jobs/queues/{queue}/jobs/{id}/promote", OPERATOR);
        r.put("GET /jobs/queues/{queue}/events", OPERATOR);
        r.put("PUT /jobs/queues/{queue}/jobs/{id}/data", OPERATOR);
        r.put("PATCH /jobs/queues/{queue}/jobs/{id}/data", OPERATOR);
        r.put("POST /jobs/queues/{queue}/clean", OPERATOR);
        r.put("DELETE /jobs/queues/{queue}", OPERATOR);
        r.put("GET /jobs/schedules", OPERATOR);
        r.put("GET /jobs/schedules/{id}", OPERATOR);
        r.put("POST /jobs/schedules/{id}/pause", OPERATOR);
        r.put("POST /jobs/schedules/{id}/resume", OPERATOR);
        r.put("POST /jobs/schedules/{id}/trigger", OPERATOR);
        r.put("PUT /jobs/schedules/{id}", OPERATOR);
        r.put("GET /dlq", OPERATOR);
        r.put("GET /dlq/{id}", OPERATOR);
        r.put("GET /ops/business", OPERATOR);
        r.put("GET /dashboard/jobs", OPERATOR);
        r.put("POST /dlq/{id}/replay", OPERATOR);
        r.put("POST /dlq/replay", OPERATOR);
        r.put("DELETE /dlq", OPERATOR);
        r.put("DELETE /dlq/{id}", OPERATOR);
        r.put("GET /dashboard/dlq", OPERATOR);
        r.put("GET /messages/tail", OPERATOR);
        r.put("GET /admin/flags", OPERATOR);
        r.put("GET /admin/flags/audit", OPERATOR);
        r.put("GET /traces", OPERATOR);
        r.put("GET /traces/{id}", OPERATOR);
        r.put("GET /traces/slowest", OPERATOR);

        // admin: flags, approvals, keys
        r.put("PUT /admin/flags", ADMIN);
        r.put("POST /admin/flags/fallback", ADMIN);
        r.put("POST /admin/flags/resume", ADMIN);
        r.put("POST /adjustments/{id}/approve", ADMIN);
        r.put("POST /adjustments/{id}/reject", ADMIN);
        r.put("GET /admin/keys", ADMIN);
        r.put("POST /admin/keys", ADMIN);
        r.put("POST /admin/keys/{id}/revoke", ADMIN);
        return new AccessPolicy(r);
    }

    /** The rule of {@code method} on the route pattern {@code path} (e.g. {@code /customers/{id}/balance}). */
    public Optional<Rule> rule(String method, String path) {
        Map<String, Rule> methods = path == null ? null : byPath.get(path);
        return methods == null || method == null ? Optional.empty() : Optional.ofNullable(methods.get(method));
    }

    /** Every route with its rule, as {@code "METHOD /path"}, in table order. */
    public Map<String, Rule> rules() {
        return rules;
    }
}

package dev.crystal.server.load;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * Builds the HTTP requests of a run: customer creation and one request per operation kind, with
 * ids unique to the run. Stateless apart from immutable settings; called from many virtual threads.
 */
final class LoadRequests {
    static final BigDecimal OPENING_BALANCE = new BigDecimal("500.00");
    static final BigDecimal OVERDRAFT_AMOUNT = new BigDecimal("1000000.00");
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
    private static final String[] EVENTS = {"Chiefs vs Bills", "Lakers vs Celtics", "Real vs Barça", "Yankees vs Red Sox"};
    private static final String[] BET_TYPES = {"moneyline", "spread", "over_under", "parlay"};

    private final URI base;
    private final String runId;
    private final int customers;
    private final String apiKey;

    LoadRequests(URI base, String runId, int customers, String apiKey) {
        this.apiKey = apiKey;
        this.base = base;
        this.runId = runId;
        this.customers = customers;
    }

    String customerId(int index) {
        return "LOAD_" + runId + "_C" + index;
    }

    HttpRequest createCustomer(int index) {
        return post("/customers", "{\"customerId\":\"" + customerId(index) + "\",\"openingBalance\":"
                + OPENING_BALANCE.toPlainString() + "}");
    }

    /** A probe of a route: an empty object is refused with 400 by a route that exists, 404 otherwise. */
    HttpRequest probe(String path) {
        return post(path, "{}");
    }

    /**
     * The request of one operation. Called on the pacing thread only, which owns {@code bonuses}: a
     * redemption before any bonus was issued becomes a bonus issue.
     */
    Planned operation(OperationKind kind, long sequence, RandomGenerator random, IssuedBonuses bonuses,
                      Instant now) {
        String customer = customerId(random.nextInt(customers));
        String id = "LOAD_" + runId + "_" + sequence;
        if (kind == OperationKind.BONUS || kind == OperationKind.REDEMPTION && bonuses.isEmpty()) {
            bonuses.add(id);
            return new Planned(OperationKind.BONUS, id, raw("/bonuses", "{\"transactionId\":\"" + id + "\",\"customerId\":\"" + customer
                    + "\",\"bonusType\":\"free_play\",\"amount\":" + amount(random, 5, 50).toPlainString()
                    + ",\"wageringRequirement\":1,\"expiresAt\":\"" + now.plus(Duration.ofDays(1)) + "\"}"));
        }
        return new Planned(kind, id, switch (kind) {
            case PAYOUT -> {
                BigDecimal stake = amount(random, 5, 100);
                BigDecimal payout = stake.multiply(new BigDecimal("1.6667")).setScale(2, RoundingMode.HALF_UP);
                yield settlement(id, customer, payout, "payout", String.format(Locale.ROOT,
                        ",\"event\":\"%s\",\"betType\":\"%s\",\"stake\":%s,\"payout\":%s,\"paymentMethod\":\"wire_transfer\"",
                        EVENTS[random.nextInt(EVENTS.length)], BET_TYPES[random.nextInt(BET_TYPES.length)],
                        stake.toPlainString(), payout.toPlainString()));
            }
            case COLLECTION -> settlement(id, customer, amount(random, 1, 20), "collection", "");
            case OVERDRAFT -> settlement(id, customer, OVERDRAFT_AMOUNT, "collection", "");
            case BONUS -> throw new IllegalStateException("bonus requests are built above");
            case REDEMPTION -> raw("/bonuses/" + bonuses.pick(random) + "/redeem", "{\"redemptionId\":\"" + id
                    + "\",\"amount\":" + amount(random, 1, 5).toPlainString() + "}");
        });
    }

    /**
     * A request, the kind of operation it really is and its id (settlement, bonus transaction or redemption id).
     */
    record Planned(OperationKind kind, String id, KeepAliveClient.Request request) {
        /** The settlement id the request carries, {@code null} for bonuses and redemptions. */
        String settlementId() {
            return kind == OperationKind.PAYOUT || kind == OperationKind.COLLECTION || kind == OperationKind.OVERDRAFT
                    ? id : null;
        }
    }

    /** {@code GET /health/live}: the lightest route, for measuring the HTTP edge. */
    static final KeepAliveClient.Request HEALTH = new KeepAliveClient.Request("GET", "/health/live", null);

    /** {@code GET /health/live} through the JDK client: does the target answer at all? */
    HttpRequest health() {
        return get("/health/live");
    }

    private static KeepAliveClient.Request raw(String path, String json) {
        return new KeepAliveClient.Request("POST", path, json);
    }

    /** {@code GET /settlements/{id}}: the audit of a settlement the run sent. */
    HttpRequest settlementLookup(String settlementId) {
        return get("/settlements/" + settlementId);
    }

    /** {@code GET /metrics}: the platform's Prometheus text (process CPU time). */
    HttpRequest metrics() {
        return get("/metrics");
    }

    private HttpRequest get(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT);
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        return request.GET().build();
    }

    /** The same request through the JDK client, so a listener (e.g. {@code crystal chaos}) can send it again. */
    HttpRequest replayable(KeepAliveClient.Request request) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(request.path())).timeout(REQUEST_TIMEOUT);
        if (apiKey != null) {
            builder.header("Authorization", "Bearer " + apiKey);
        }
        if (request.body() == null) {
            return builder.method(request.method(), HttpRequest.BodyPublishers.noBody()).build();
        }
        return builder.header("Content-Type", "application/json")
                .method(request.method(), HttpRequest.BodyPublishers.ofString(request.body())).build();
    }

    private KeepAliveClient.Request settlement(String id, String customer, BigDecimal amount, String type,
                                               String extra) {
        return raw("/collections/process-settlement", "{\"settlementId\":\"" + id + "\",\"customerId\":\"" + customer
                + "\",\"amount\":" + amount.toPlainString() + ",\"type\":\"" + type + "\"" + extra + "}");
    }

    private static BigDecimal amount(RandomGenerator random, int min, int max) {
        long cents = min * 100L + random.nextLong((max - min) * 100L + 1);
        return BigDecimal.valueOf(cents, 2);
    }

    private HttpRequest post(String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json");
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        return request.POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }
}

package dev.crystal.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crystal.runtime.RuntimeConfig;
import dev.crystal.runtime.WorkerRuntime;
import dev.crystal.server.auth.AccessGuard;
import dev.crystal.server.auth.AccessPolicy;
import dev.crystal.server.auth.AccessSettings;
import dev.crystal.server.auth.ApiKeys;
import dev.crystal.server.auth.Role;
import dev.crystal.server.auth.Sessions;
import dev.crystal.server.cache.ReadCaches;
import dev.crystal.settlement.contracts.Addresses;
import dev.crystal.store.SqliteDatabase;
import dev.crystal.store.keys.JdbcApiKeyStore;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 202 is a promise kept (issue 14 item 4), at the edge on a real runtime and HTTP server: a settlement whose
 * outcome did not come within the wait is answered {@code 202 pending} only when {@link PendingAcceptance} says it is
 * durable; otherwise {@code 503 NOT_ACCEPTED} with {@code Retry-After}, so the client sends it again.
 */
class PendingAcceptanceTest {
    @TempDir
    Path dir;

    @Test
    void aSettlementStillRunningIsAnswered202OnlyWhenItIsDurable() throws Exception {
        Set<String> durable = Set.of("PA_RECORDED");
        Set<String> asked = ConcurrentHashMap.newKeySet();
        PendingAcceptance acceptance = settlementId -> {
            asked.add(settlementId);
            return durable.contains(settlementId);
        };
        WorkerRuntime runtime = WorkerRuntime.create(RuntimeConfig.defaults("edge"));
        // collections takes every request and never answers: each settlement is still running when its wait ends
        runtime.register(Addresses.COLLECTIONS, (envelope, context) -> { });
        runtime.start();
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("keys.db"), JdbcApiKeyStore.MIGRATIONS)) {
            ApiKeys keys = new ApiKeys(new JdbcApiKeyStore(db), InstantSource.system());
            String admin = keys.create("root", Role.ADMIN, List.of()).secret();
            Javalin app = Javalin.create(c -> c.showJavalinBanner = false);
            new AccessGuard(AccessPolicy.standard(AccessSettings.defaults()), keys,
                    new Sessions(InstantSource.system(), Duration.ofHours(1))).mount(app);
            new HttpApi(runtime, Duration.ofMillis(300), InstantSource.system(), null, null, null,
                    HttpLimits.defaults(), null, ReadCaches.off(), acceptance).mount(app);
            app.start("127.0.0.1", 0);
            try {
                HttpResponse<String> recorded = settle(app.port(), admin, "PA_RECORDED");
                assertThat(recorded.statusCode()).as(recorded.body()).isEqualTo(202);
                JsonNode pending = Json.mapper().readTree(recorded.body());
                assertThat(pending.get("status").asText()).isEqualTo("pending");
                assertThat(pending.get("statusUrl").asText()).isEqualTo("/settlements/PA_RECORDED");

                HttpResponse<String> onlyInFlight = settle(app.port(), admin, "PA_IN_FLIGHT");
                assertThat(onlyInFlight.statusCode()).as(onlyInFlight.body()).isEqualTo(503);
                assertThat(onlyInFlight.headers().firstValue("Retry-After"))
                        .contains(Integer.toString(SettlementRoutes.NOT_ACCEPTED_RETRY_AFTER));
                JsonNode refused = Json.mapper().readTree(onlyInFlight.body());
                assertThat(refused.toString()).contains("NOT_ACCEPTED", "PA_IN_FLIGHT", "send the same request again");
                assertThat(asked).containsExactlyInAnyOrder("PA_RECORDED", "PA_IN_FLIGHT");
            } finally {
                app.stop();
                runtime.shutdownNow();
            }
        }
    }

    private static HttpResponse<String> settle(int port, String key, String settlementId) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/collections/process-settlement"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"settlementId\":\"" + settlementId
                        + "\",\"customerId\":\"CUST_1\",\"amount\":1.00,\"type\":\"payout\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}

package dev.crystal.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crystal.server.http.ApiError;
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
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The guard in front of a bare Javalin: a route missing from the policy is closed, even to an admin. */
class AccessGuardTest {
    @TempDir
    Path dir;

    @Test
    void aRouteWithoutAnAccessRuleIsDeniedByDefault() throws Exception {
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("keys.db"), JdbcApiKeyStore.MIGRATIONS)) {
            ApiKeys keys = new ApiKeys(new JdbcApiKeyStore(db), InstantSource.system());
            String admin = keys.create("root", Role.ADMIN, List.of()).secret();
            Javalin app = Javalin.create(c -> c.showJavalinBanner = false);
            app.exception(ApiError.class, (e, ctx) -> ctx.status(e.status()).json(Map.of("error", e.code(),
                    "message", e.getMessage())));
            new AccessGuard(AccessPolicy.standard(AccessSettings.defaults()), keys,
                    new Sessions(InstantSource.system(), Duration.ofHours(1))).mount(app);
            app.get("/unlisted", ctx -> ctx.result("should never be seen"));
            app.get("/dlq", ctx -> ctx.result("listed"));
            app.start("127.0.0.1", 0);
            try {
                HttpClient http = HttpClient.newHttpClient();
                HttpResponse<String> unlisted = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + app.port() + "/unlisted")).header("Authorization", "Bearer " + admin).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(unlisted.statusCode()).isEqualTo(403);
                assertThat(unlisted.body()).contains("FORBIDDEN", "no access rule for GET /unlisted")
                        .doesNotContain("should never be seen");
                HttpResponse<String> listed = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + app.port() + "/dlq")).header("Authorization", "Bearer " + admin).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(listed.body()).isEqualTo("listed");
            } finally {
                app.stop();
            }
        }
    }

    @Test
    void theAuthorizationHeaderIsBearerAnyCaseThenWhitespaceThenTheKeyAndAnythingElseIsRefused() throws Exception {
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("keys.db"), JdbcApiKeyStore.MIGRATIONS)) {
            ApiKeys keys = new ApiKeys(new JdbcApiKeyStore(db), InstantSource.system());
            String admin = keys.create("root", Role.ADMIN, List.of()).secret();
            Javalin app = Javalin.create(c -> c.showJavalinBanner = false);
            app.exception(ApiError.class, (e, ctx) -> ctx.status(e.status()).result(e.code() + ": " + e.getMessage()));
            new AccessGuard(AccessPolicy.standard(AccessSettings.defaults()), keys,
                    new Sessions(InstantSource.system(), Duration.ofHours(1))).mount(app);
            app.get("/dlq", ctx -> ctx.result("listed"));
            app.start("127.0.0.1", 0);
            try {
                HttpClient http = HttpClient.newHttpClient();
                URI dlq = URI.create("http://127.0.0.1:" + app.port() + "/dlq");
                for (String accepted : List.of("Bearer " + admin, "bearer " + admin, "BEARER   " + admin,
                        "Bearer\t" + admin + "  ", "  Bearer " + admin)) {
                    HttpResponse<String> ok = http.send(HttpRequest.newBuilder(dlq).header("Authorization", accepted)
                            .build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(ok.body()).as(accepted).isEqualTo("listed");
                }
                for (String malformed : List.of("Bearer", "Bearer" + admin, "Basic " + admin, "Bearerx " + admin,
                        "Bear " + admin, admin)) {
                    HttpResponse<String> refused = http.send(HttpRequest.newBuilder(dlq)
                            .header("Authorization", malformed).build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(refused.statusCode()).as(malformed).isEqualTo(401);
                    assertThat(refused.body()).as(malformed)
                            .isEqualTo("UNAUTHENTICATED: Authorization must be 'Bearer <key>'");
                    assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"crystal\"");
                }
                HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(dlq)
                        .header("Authorization", "Bearer crystal_not-a-key").build(), HttpResponse.BodyHandlers.ofString());
                assertThat(unknown.body()).isEqualTo(
                        "UNAUTHENTICATED: the API key or session is unknown, expired or revoked");
            } finally {
                app.stop();
            }
        }
    }
}

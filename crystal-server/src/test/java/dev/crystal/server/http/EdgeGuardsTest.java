package dev.crystal.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rate limit is kept per principal when authentication has set {@code crystal.principal}, and
 * per client address otherwise. Authentication is stood in for by a before-handler that copies a
 * test header into the attribute, as the real one does from the credential.
 */
class EdgeGuardsTest {
    private Javalin app;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        app = Javalin.create(config -> config.showJavalinBanner = false);
        app.before(ctx -> {
            String key = ctx.header("X-Test-Principal");
            if (key != null) {
                ctx.attribute(EdgeGuards.PRINCIPAL_ATTRIBUTE, key);
            }
        });
        new EdgeGuards(HttpLimits.defaults().withRateLimit(new RateLimit(0.5, 3)), Set.of()).mount(app);
        app.get("/ping", ctx -> ctx.result("pong"));
        app.exception(ApiError.class, (e, ctx) -> ctx.status(e.status()).result(e.code()));
        app.start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        app.stop();
    }

    private HttpResponse<String> ping(String principal) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/ping"));
        if (principal != null) {
            request.header("X-Test-Principal", principal);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void eachPrincipalHasItsOwnBudgetAndAnonymousCallersShareTheirAddresses() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(ping("key_a").statusCode()).isEqualTo(200);
        }
        HttpResponse<String> limited = ping("key_a");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.body()).isEqualTo("RATE_LIMITED");
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("2");
        // another key from the same address is not affected
        for (int i = 0; i < 3; i++) {
            assertThat(ping("key_b").statusCode()).isEqualTo(200);
        }
        // without a principal, the address is the key
        for (int i = 0; i < 3; i++) {
            assertThat(ping(null).statusCode()).isEqualTo(200);
        }
        assertThat(ping(null).statusCode()).isEqualTo(429);
        // unknown routes are not counted (only matched endpoints are limited)
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/nope")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
    }
}

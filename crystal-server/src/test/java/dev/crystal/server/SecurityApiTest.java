package dev.crystal.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crystal.server.auth.AccessPolicy;
import dev.crystal.server.auth.AccessSettings;
import dev.crystal.server.auth.ApiKeys;
import dev.crystal.server.ops.AlertSettings;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys, roles, customer scope, sessions and identities, through the real server. */
class SecurityApiTest {
    static final String SETTLE_A = "{\"settlementId\":\"S_A\",\"customerId\":\"CUST_A\",\"amount\":5,\"type\":\"payout\"}";

    @TempDir
    Path dataDir;
    CrystalServer server;
    /** The admin key made on first start. */
    ApiClient admin;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private void start(AccessSettings access) {
        server = CrystalServer.start(CrystalServer.Settings.of(0, dataDir), AlertSettings.defaults(), access);
        admin = new ApiClient(server);
    }

    private void start() {
        start(AccessSettings.defaults());
    }

    /** A client holding a new key made through {@code POST /admin/keys}. */
    private ApiClient key(String name, String role, String... customers) {
        StringBuilder body = new StringBuilder("{\"name\":\"" + name + "\",\"role\":\"" + role + "\"");
        if (customers.length > 0) {
            body.append(",\"customers\":[\"").append(String.join("\",\"", customers)).append("\"]");
        }
        ApiClient.Response created = admin.post("/admin/keys", body.append('}').toString());
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        return admin.as(created.body().get("key").asText());
    }

    private void customers(String... ids) {
        for (String id : ids) {
            assertThat(admin.post("/customers", "{\"customerId\":\"" + id + "\",\"openingBalance\":100.00}").status())
                    .isEqualTo(201);
        }
    }

    private static void refused(ApiClient.Response r, int status, String code) {
        assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(status);
        assertThat(r.body().get("error").asText()).isEqualTo(code);
        assertThat(r.body().get("message").asText()).isNotBlank();
    }

    @Test
    void noKeyUnknownKeyAndMalformedHeaderAre401JsonWithAChallenge() {
        start();
        customers("CUST_A");
        ApiClient nobody = admin.anonymous();
        for (ApiClient.Response r : List.of(nobody.get("/customers/CUST_A/balance"), nobody.post("/collections/process-settlement", SETTLE_A),
                nobody.get("/dlq"), admin.as("crystal_not-a-real-key").get("/customers/CUST_A/balance"))) {
            refused(r, 401, "UNAUTHENTICATED");
            assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"crystal\"");
        }
        HttpResponse<String> basic = nobody.raw(HttpRequest.newBuilder(nobody.uri("/dlq"))
                .header("Authorization", "Basic YWRtaW46YWRtaW4="));
        assertThat(basic.statusCode()).isEqualTo(401);
        assertThat(basic.body()).contains("\"error\":\"UNAUTHENTICATED\"").contains("Bearer");
        // X-Api-Key works as well as Authorization: Bearer
        HttpResponse<String> viaHeader = nobody.raw(HttpRequest.newBuilder(nobody.uri("/customers/CUST_A/balance"))
                .header("X-Api-Key", admin.key()));
        assertThat(viaHeader.statusCode()).isEqualTo(200);
    }

    @Test
    void aRevokedKeyIsRefusedAtOnce() {
        start();
        ApiClient ops = key("ops-eve", "operator");
        assertThat(ops.get("/dlq").status()).isEqualTo(200);
        String id = admin.get("/admin/keys").body().get("keys").findValues("id").stream().map(JsonNode::asText)
                .filter(k -> !k.equals(server.keys().list().get(0).id())).findFirst().orElseThrow();
        JsonNode revoked = admin.post("/admin/keys/" + id + "/revoke", "").body();
        assertThat(revoked.get("revoked").asBoolean()).isTrue();
        refused(ops.get("/dlq"), 401, "UNAUTHENTICATED");
        refused(admin.post("/admin/keys/k_nope/revoke", ""), 404, "KEY_NOT_FOUND");
        // the last valid admin key cannot be revoked (nobody could manage keys any more)
        String adminId = server.keys().list().get(0).id();
        refused(admin.post("/admin/keys/" + adminId + "/revoke", ""), 409, "LAST_ADMIN_KEY");
        ApiClient second = key("admin-2", "admin");
        assertThat(second.post("/admin/keys/" + adminId + "/revoke", "").status()).isEqualTo(200);
        refused(admin.get("/admin/keys"), 401, "UNAUTHENTICATED");
        admin = second;
        // the list shows no secret and no hash
        String listed = admin.get("/admin/keys").body().toString();
        assertThat(listed).contains("ops-eve", "\"revoked\":true").doesNotContain(ops.key())
                .doesNotContain(ApiKeys.hash(ops.key()));
    }

    @Test
    void eachRoleGetsWhatItsRoleAllowsAndIsRefusedTheRest() {
        start();
        customers("CUST_A");
        ApiClient client = key("shop", "client");
        ApiClient operator = key("ops-olga", "operator");

        // client: settle and read customers; nothing else
        assertThat(client.post("/collections/process-settlement", SETTLE_A).status()).isEqualTo(200);
        assertThat(client.get("/customers/CUST_A/balance").status()).isEqualTo(200);
        assertThat(client.get("/settlements/S_A").status()).isEqualTo(200);
        assertThat(client.get("/customers/CUST_A/ledger").status()).isEqualTo(200);
        for (ApiClient.Response r : List.of(client.get("/dlq"), client.get("/jobs/queues"), client.get("/ops/snapshot"),
                client.post("/customers", "{\"customerId\":\"CUST_X\"}"), client.get("/messages/tail"),
                client.get("/admin/flags"), client.get("/admin/keys"), client.get("/metrics"), client.get("/health"))) {
            refused(r, 403, "FORBIDDEN");
        }

        // operator: dashboard, every read, jobs, dead letters, back-office writes; not flags, keys or approvals
        for (String path : List.of("/dlq", "/jobs/queues", "/ops/snapshot", "/alerts", "/health", "/metrics",
                "/admin/flags", "/admin/flags/audit", "/workflows", "/customers/CUST_A/balance")) {
            assertThat(operator.get(path).status()).as(path).isEqualTo(200);
        }
        assertThat(operator.getText("/").statusCode()).isEqualTo(200);
        assertThat(operator.post("/customers", "{\"customerId\":\"CUST_O\"}").status()).isEqualTo(201);
        refused(operator.post("/dlq/dl_none/replay", ""), 404, "DEAD_LETTER_NOT_FOUND"); // allowed, nothing there
        assertThat(operator.post("/jobs/queues/bonus-expiry/pause", "").status()).isEqualTo(200);
        refused(operator.put("/admin/flags", "flags: {}", "application/yaml"), 403, "FORBIDDEN");
        refused(operator.post("/admin/flags/fallback", ""), 403, "FORBIDDEN");
        refused(operator.post("/adjustments/ADJ_1/approve", ""), 403, "FORBIDDEN");
        refused(operator.get("/admin/keys"), 403, "FORBIDDEN");
        refused(operator.post("/admin/keys", "{\"role\":\"admin\",\"name\":\"me-too\"}"), 403, "FORBIDDEN");

        // admin: everything
        assertThat(admin.get("/admin/keys").status()).isEqualTo(200);
        assertThat(admin.post("/admin/flags/fallback", "").status()).isEqualTo(200);
        assertThat(admin.post("/admin/flags/resume", "").status()).isEqualTo(200);
        assertThat(admin.get("/dlq").status()).isEqualTo(200);
    }

    @Test
    void aCustomerScopedClientKeyReadsAndSettlesOnlyItsCustomers() {
        start();
        customers("CUST_A", "CUST_B");
        assertThat(admin.post("/collections/process-settlement",
                "{\"settlementId\":\"S_B\",\"customerId\":\"CUST_B\",\"amount\":5,\"type\":\"payout\"}").status())
                .isEqualTo(200);
        assertThat(admin.post("/bonuses", "{\"transactionId\":\"FP_B\",\"customerId\":\"CUST_B\",\"bonusType\":\"free_play\","
                + "\"amount\":5,\"wageringRequirement\":1,\"expiresAt\":\"2999-01-01T00:00:00Z\"}").status()).isEqualTo(201);
        ApiClient shopA = key("shop-a", "client", "CUST_A");

        assertThat(shopA.post("/collections/process-settlement", SETTLE_A).status()).isEqualTo(200);
        assertThat(shopA.get("/customers/CUST_A/balance").status()).isEqualTo(200);
        assertThat(shopA.get("/settlements/S_A").status()).isEqualTo(200);
        assertThat(shopA.get("/customers/CUST_A/notifications").status()).isEqualTo(200);

        for (ApiClient.Response r : List.of(shopA.get("/customers/CUST_B/balance"), shopA.get("/customers/CUST_B/ledger"),
                shopA.get("/customers/CUST_B/notifications"), shopA.get("/customers/CUST_B/bonuses"),
                shopA.get("/settlements/S_B"), shopA.get("/bonuses/FP_B"),
                shopA.post("/collections/process-settlement",
                        "{\"settlementId\":\"S_X\",\"customerId\":\"CUST_B\",\"amount\":5,\"type\":\"payout\"}"))) {
            refused(r, 403, "FORBIDDEN");
        }
        assertThat(admin.get("/settlements/S_X").status()).as("the refused settlement did not happen").isEqualTo(404);
        assertThat(admin.get("/customers/CUST_B/balance").body().get("balance").toString()).isEqualTo("105.00");
        // only client keys carry a customer list
        refused(admin.post("/admin/keys", "{\"role\":\"operator\",\"name\":\"o2\",\"customers\":[\"CUST_A\"]}"), 400,
                "VALIDATION_FAILED");
    }

    @Test
    void fourEyesCannotBeFooledByLookAlikeNamesBecauseIdentityComesFromTheKey() {
        start();
        customers("CUST_A");
        ApiClient alice = key("alice", "admin");
        ApiClient bob = key("bob", "admin");
        String big = "{\"adjustmentId\":\"ADJ_5K\",\"customerId\":\"CUST_A\",\"direction\":\"credit\",\"amount\":5000.00,"
                + "\"reason\":\"goodwill\",\"requestedBy\":\"alice\"}";
        JsonNode pending = alice.post("/adjustments", big).body();
        assertThat(pending.get("status").asText()).isEqualTo("pending_approval");
        String aliceIdentity = pending.get("requestedBy").asText();
        assertThat(aliceIdentity).startsWith("alice#k_");

        // alice, claiming to be someone who merely looks like her: refused as a claim not matching her key
        for (String lookAlike : List.of("alice ", "alice\u200b", "\uff41\uff4c\uff49\uff43\uff45", "Alice", "bob")) {
            refused(alice.post("/adjustments/ADJ_5K/approve", "{\"approvedBy\":\"" + lookAlike + "\"}"), 400,
                    "IDENTITY_MISMATCH");
        }
        // alice as herself: four eyes
        refused(alice.post("/adjustments/ADJ_5K/approve", ""), 403, "FOUR_EYES_REQUIRED");
        refused(alice.post("/adjustments/ADJ_5K/approve", "{\"approvedBy\":\"alice\"}"), 403, "FOUR_EYES_REQUIRED");
        // keys cannot be named like her either: names are plain ASCII and unique ignoring case
        refused(admin.post("/admin/keys", "{\"role\":\"admin\",\"name\":\"alice \"}"), 400, "VALIDATION_FAILED");
        refused(admin.post("/admin/keys", "{\"role\":\"admin\",\"name\":\"alice\u200b\"}"), 400, "VALIDATION_FAILED");
        refused(admin.post("/admin/keys", "{\"role\":\"admin\",\"name\":\"\uff41lice\"}"), 400, "VALIDATION_FAILED");
        refused(admin.post("/admin/keys", "{\"role\":\"admin\",\"name\":\"ALICE\"}"), 409, "KEY_NAME_TAKEN");
        assertThat(admin.get("/customers/CUST_A/balance").body().get("balance").toString()).isEqualTo("100.00");

        // somebody else with their own key approves
        JsonNode applied = bob.post("/adjustments/ADJ_5K/approve", "").body();
        assertThat(applied.get("status").asText()).isEqualTo("applied");
        assertThat(applied.get("approvedBy").asText()).startsWith("bob#k_").isNotEqualTo(aliceIdentity);
        assertThat(admin.get("/customers/CUST_A/balance").body().get("balance").toString()).isEqualTo("5100.00");
    }

    @Test
    void theFlagsAuditRecordsTheKeyHolderNotWhatTheRequestSays() {
        start();
        ApiClient carl = key("carl", "admin");
        refused(carl.put("/admin/flags?by=mallory", "flags:\n  codec: {enabled: true, codec: yaml, rolloutPercentage: 5,"
                + " fallback: binary}\n", "application/yaml"), 400, "IDENTITY_MISMATCH");
        HttpResponse<String> spoofHeader = carl.raw(HttpRequest.newBuilder(carl.uri("/admin/flags/fallback"))
                .header("X-Changed-By", "mallory").POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(spoofHeader.statusCode()).isEqualTo(400);
        assertThat(carl.post("/admin/flags/fallback?by=carl", "").status()).isEqualTo(200);
        assertThat(carl.post("/admin/flags/resume", "").status()).isEqualTo(200);
        JsonNode audit = carl.get("/admin/flags/audit").body().get("changes");
        assertThat(audit.findValuesAsText("who")).isNotEmpty().allSatisfy(who -> assertThat(who).startsWith("carl#k_"));
    }

    @Test
    void keysAreStoredHashedNeverAsTheKeyItself() throws Exception {
        start();
        ApiClient ops = key("ops-hash", "operator");
        server.stop();
        server = null;
        List<Path> files;
        try (Stream<Path> all = Files.list(dataDir)) {
            files = all.filter(p -> p.getFileName().toString().startsWith("keys.db")).toList();
        }
        assertThat(files).isNotEmpty();
        List<String> texts = new ArrayList<>();
        for (Path f : files) {
            texts.add(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
        }
        String everything = String.join("\n", texts);
        assertThat(everything).contains(ApiKeys.hash(ops.key())).contains("ops-hash")
                .doesNotContain(ops.key()).doesNotContain(admin.key())
                .doesNotContain(ops.key().substring("crystal_".length(), 30));
    }

    @Test
    void theFirstStartMakesAnAdminKeyOnceAndWritesItToAdminKeyForItsOwnerOnly() throws Exception {
        start();
        String first = server.firstAdminKey().orElseThrow();
        Path file = dataDir.resolve("admin.key");
        assertThat(Files.readString(file).trim()).isEqualTo(first);
        if (Files.getFileAttributeView(file, PosixFileAttributeView.class) != null) {
            assertThat(Files.getPosixFilePermissions(file))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        }
        assertThat(server.keys().list()).singleElement().satisfies(k -> {
            assertThat(k.name()).isEqualTo("admin");
            assertThat(k.role().wireName()).isEqualTo("admin");
        });
        server.stop();

        server = CrystalServer.start(CrystalServer.Settings.of(0, dataDir));
        assertThat(server.firstAdminKey()).as("made once, never again").isEmpty();
        assertThat(Files.readString(file).trim()).isEqualTo(first);
        assertThat(server.keys().list()).hasSize(1);
        assertThat(new ApiClient(server.port(), first).get("/admin/keys").status()).isEqualTo(200);
    }

    @Test
    void healthLiveIsOpenAndMetricsClosedByDefault() {
        start();
        ApiClient nobody = admin.anonymous();
        assertThat(nobody.get("/health/live").status()).isEqualTo(200);
        assertThat(nobody.get("/health/live").body().get("status").asText()).isEqualTo("UP");
        assertThat(nobody.getText("/metrics").statusCode()).isEqualTo(401);
        refused(nobody.get("/health"), 401, "UNAUTHENTICATED");
    }

    @Test
    void openMetricsAndClosedHealthChangeWhoMayProbe() {
        start(new AccessSettings(false, true));
        ApiClient nobody = admin.anonymous();
        HttpResponse<String> metrics = nobody.getText("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("crystal_worker_");
        refused(nobody.get("/health/live"), 401, "UNAUTHENTICATED");
        assertThat(admin.get("/health/live").status()).isEqualTo(200);
    }

    @Test
    void theDashboardSignsInWithAKeyAndItsCookieOnlyReads() {
        start();
        ApiClient operator = key("ops-dash", "operator");
        ApiClient client = key("shop-dash", "client");
        ApiClient nobody = admin.anonymous();

        HttpResponse<String> page = nobody.raw(HttpRequest.newBuilder(nobody.uri("/")).header("Accept", "text/html"));
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location")).hasValue("/login");
        assertThat(nobody.getText("/login").body()).contains("<form id=\"login\"", "/session");

        refused(nobody.post("/session", "{\"apiKey\":\"" + client.key() + "\"}"), 403, "FORBIDDEN");
        refused(nobody.post("/session", "{\"apiKey\":\"crystal_wrong\"}"), 401, "UNAUTHENTICATED");
        ApiClient.Response login = nobody.post("/session", "{\"apiKey\":\"" + operator.key() + "\"}");
        assertThat(login.status()).isEqualTo(200);
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith("crystal_session=").contains("HttpOnly", "SameSite=Strict", "Path=/")
                .doesNotContain(operator.key());
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));

        assertThat(nobody.raw(HttpRequest.newBuilder(nobody.uri("/ops/snapshot")).header("Cookie", cookie))
                .statusCode()).isEqualTo(200);
        HttpResponse<String> dashboard = nobody.raw(HttpRequest.newBuilder(nobody.uri("/")).header("Cookie", cookie)
                .header("Accept", "text/html"));
        assertThat(dashboard.statusCode()).isEqualTo(200);
        assertThat(dashboard.body()).contains("/dashboard/dashboard.js", "sign out");
        // the cookie alone never authorises a write (a page on another site cannot act with it) ...
        assertThat(nobody.raw(HttpRequest.newBuilder(nobody.uri("/customers")).header("Cookie", cookie)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"customerId\":\"CUST_CSRF\"}"))).statusCode()).isEqualTo(401);
        assertThat(admin.get("/customers/CUST_CSRF/balance").status()).isEqualTo(404);
        // ... only with the header the dashboard's own scripts add (its schedule buttons)
        assertThat(nobody.raw(HttpRequest.newBuilder(nobody.uri("/jobs/queues/bonus-expiry/pause"))
                .header("Cookie", cookie).header("X-Crystal-Session", "1").POST(HttpRequest.BodyPublishers.noBody()))
                .statusCode()).isEqualTo(200);

        nobody.raw(HttpRequest.newBuilder(nobody.uri("/session")).header("Cookie", cookie).DELETE());
        assertThat(nobody.raw(HttpRequest.newBuilder(nobody.uri("/ops/snapshot")).header("Cookie", cookie))
                .statusCode()).as("signed out").isEqualTo(401);
    }

    @Test
    void everyRouteHasAnAccessRuleAndEveryRuleARoute() {
        start();
        Set<String> rules = AccessPolicy.standard(AccessSettings.defaults()).rules().keySet();
        List<String> routes = server.routes();
        assertThat(routes).isNotEmpty().allSatisfy(route -> assertThat(rules).as("rule for " + route).contains(route));
        assertThat(rules).allSatisfy(rule -> assertThat(routes).as("route for rule " + rule).contains(rule));
    }
}

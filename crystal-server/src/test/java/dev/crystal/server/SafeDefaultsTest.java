package dev.crystal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crystal.runtime.DeadLetter;
import dev.crystal.runtime.Envelope;
import dev.crystal.server.http.MessageTap;
import dev.crystal.settlement.assembly.ContractsPayloadCodec;
import dev.crystal.settlement.contracts.NoticeSent;
import dev.crystal.store.Database;
import dev.crystal.store.SqliteDatabase;
import dev.crystal.store.deadletter.JdbcDeadLetterLog;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Safe defaults through the real server: loopback, JSON media type, JSON errors, safe YAML, the data-directory lock. */
class SafeDefaultsTest {
    @TempDir
    Path dir;
    CrystalServer server;
    ApiClient api;

    @BeforeEach
    void start() throws Exception {
        Path data = dir.resolve("data");
        // a dead letter as a failed handler stores it: reason and stack trace full of Java class names
        Envelope<NoticeSent> envelope = new Envelope<>("msg_dl_1", "NoticeSent", "corr-dl", null,
                "notifications", MessageTap.ADDRESS.name(), Instant.parse("2026-12-05T09:00:00Z"),
                new NoticeSent("N-1", "CUST_001", "settlement", "S-1", "email"));
        Files.createDirectories(data);
        try (Database db = SqliteDatabase.open(data.resolve("deadletters.db"), JdbcDeadLetterLog.MIGRATIONS)) {
            new JdbcDeadLetterLog(db, new ContractsPayloadCodec()).append(new DeadLetter(envelope,
                    "handler failed after 1 attempt: java.lang.IllegalStateException: mail server down",
                    "java.lang.IllegalStateException: mail server down\n\tat dev.crystal.settlement.Mailer.send(Mailer.java:12)"
                            + "\n\tat java.base/java.lang.Thread.run(Thread.java:1583)",
                    Instant.parse("2026-12-05T09:00:01Z"), "dl_1"));
        }
        server = CrystalServer.start(CrystalServer.Settings.of(0, data));
        api = new ApiClient(server);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void theServerListensOnLoopbackOnlyUnlessAHostIsGiven() throws Exception {
        assertThat(server.host()).isEqualTo("127.0.0.1");
        assertThat(server.url()).isEqualTo("http://127.0.0.1:" + server.port() + "/");
        List<InetAddress> external = new ArrayList<>();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback()) {
                nic.inetAddresses().filter(a -> a instanceof Inet4Address).forEach(external::add);
            }
        }
        for (InetAddress address : external) {
            try (Socket socket = new Socket()) {
                assertThatThrownBy(() -> socket.connect(new InetSocketAddress(address, server.port()), 2_000))
                        .as("port reachable on %s", address).isInstanceOf(ConnectException.class);
            }
        }
    }

    @Test
    void aCrossOriginFormPostingJsonAsTextPlainMovesNoMoney() {
        assertThat(api.post("/customers", "{\"customerId\":\"CUST_V\",\"openingBalance\":10.00}").status()).isEqualTo(201);
        // what <form enctype="text/plain"> on another origin sends: a JSON-looking body, no preflight
        String forged = "{\"settlementId\":\"CSRF_1\",\"customerId\":\"CUST_V\",\"amount\":5000,\"type\":\"payout\","
                + "\"x\":\"=\"}";
        for (String type : List.of("text/plain", "text/plain; charset=UTF-8", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=xyz")) {
            var r = api.post("/collections/process-settlement", forged, type);
            assertThat(r.status()).as(type).isEqualTo(415);
            assertThat(r.body().get("error").asText()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
            assertThat(r.body().get("message").asText()).contains("application/json");
        }
        var missing = api.post("/customers", "{\"customerId\":\"CUST_W\",\"openingBalance\":1}", null);
        assertThat(missing.status()).isEqualTo(415);
        assertThat(api.get("/settlements/CSRF_1").status()).isEqualTo(404);
        assertThat(api.get("/customers/CUST_V/balance").body().get("balance").toString()).isEqualTo("10.00");
        assertThat(api.get("/customers/CUST_W/balance").status()).isEqualTo(404);
        // JSON with a charset is JSON
        assertThat(api.post("/customers", "{\"customerId\":\"CUST_X\",\"openingBalance\":1}",
                "application/json; charset=utf-8").status()).isEqualTo(201);
        assertThat(api.post("/dlq/dl_1/replay", "", "text/plain").status()).isEqualTo(415);
    }

    @Test
    void flagsTakeYamlMediaTypesAndRefuseDuplicateKeys() {
        String flags = "codec: {enabled: true, codec: json, rolloutPercentage: 10, fallback: binary}\n";
        assertThat(api.put("/admin/flags", flags, "text/plain").status()).isEqualTo(415);
        assertThat(api.put("/admin/flags", flags, "application/x-www-form-urlencoded").status()).isEqualTo(415);
        var applied = api.put("/admin/flags", flags, "application/yaml");
        assertThat(applied.status()).isEqualTo(200);
        int changes = api.get("/admin/flags").body().get("changes").asInt();

        String duplicate = """
                codec: {enabled: true, codec: json, rolloutPercentage: 10, fallback: binary}
                codec: {enabled: true, codec: json, rolloutPercentage: 100, fallback: binary}
                """;
        var refused = api.put("/admin/flags", duplicate, "application/yaml");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().get("message").asText()).contains("duplicate key 'codec'");
        assertThat(api.get("/admin/flags").body().get("changes").asInt()).isEqualTo(changes);
        var extreme = api.put("/admin/flags",
                "codec: {enabled: true, codec: json, rolloutPercentage: 1e999999999, fallback: binary}\n", "text/yaml");
        assertThat(extreme.status()).isEqualTo(400);
        assertThat(extreme.body().toString().length()).isLessThan(2_000);
    }

    @Test
    void everyErrorIsJsonWithoutStackTracesOrJavaNames() throws Exception {
        List<ApiClient.Response> answers = new ArrayList<>();
        answers.add(api.get("/no/such/route"));
        answers.add(api.post("/no/such/route", "{}"));
        answers.add(api.send(api.request("/customers").method("PATCH",
                HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json").build()));
        answers.add(api.post("/customers", "{not json"));
        answers.add(api.post("/customers", "[1,2]"));
        answers.add(api.post("/customers", "{\"customerId\":\"C\",\"openingBalance\":1e999999999}"));
        answers.add(api.post("/customers", "{\"customerId\":\"C\",\"openingBalance\":1e-999999999}"));
        answers.add(api.post("/customers", "{\"customerId\":\"C\",\"openingBalance\":" + "9".repeat(60) + "}"));
        answers.add(api.post("/customers", "[".repeat(200) + "]".repeat(200)));
        answers.add(api.post("/customers", "{\"customerId\":\"" + "x".repeat(200_000) + "\"}"));
        answers.add(api.get("/customers/%00/balance"));
        answers.add(api.get("/settlements/" + "x".repeat(300)));
        answers.add(api.get("/dlq/nope"));
        answers.add(api.get("/dlq"));
        answers.add(api.get("/dlq/dl_1"));
        answers.add(api.get("/messages/tail"));
        answers.add(api.put("/admin/flags?by=a", "codec: !!javax.script.ScriptEngineManager x\n", "application/yaml"));
        answers.add(api.put("/admin/flags", "codec: {}\n", "application/yaml"));
        for (ApiClient.Response answer : answers) {
            String text = String.valueOf(answer.body());
            assertThat(text).doesNotContain("Exception").doesNotContain("at dev.").doesNotContain("java.")
                    .doesNotContain("<html").doesNotContain("jackson").doesNotContain("StreamReadConstraints");
            assertThat(text.length()).isLessThan(4_000);
        }
        for (ApiClient.Response answer : answers) {
            if (answer.status() >= 400) {
                assertThat(answer.body().has("error")).as(answer.toString()).isTrue();
                assertThat(answer.body().has("message")).as(answer.toString()).isTrue();
            }
        }
        assertThat(answers.get(0).status()).isEqualTo(404);
        assertThat(answers.get(14).status()).isEqualTo(200);
        assertThat(answers.get(14).body().get("error").asText()).isEqualTo("mail server down");
        assertThat(answers.get(14).body().has("stackTrace")).isFalse();

        // errors Jetty answers by itself, before any route: malformed request line, header too large
        List<RawHttp.Response> raw = List.of(
                RawHttp.exchange(server.port(), "GARBAGE\r\n\r\n", null),
                RawHttp.exchange(server.port(), RawHttp.head("GET", "/health", "X-Big: " + "y".repeat(64 * 1024)), null),
                RawHttp.exchange(server.port(), "GET /health HTTP/1.1\r\nHost: a\r\nContent-Length: -5\r\n\r\n", null));
        for (RawHttp.Response r : raw) {
            assertThat(r.status()).isBetween(400, 499);
            assertThat(r.header("Content-Type")).startsWith("application/json");
            assertThat(r.body()).startsWith("{\"error\":").doesNotContain("<html").doesNotContain("java.");
        }
    }

    @Test
    void aSecondServerOnTheSameDataDirectoryRefusesToStart() {
        assertThatThrownBy(() -> CrystalServer.start(CrystalServer.Settings.of(0, dir.resolve("data"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is in use by another Crystal server")
                .hasMessageContaining(".lock")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        // the first one keeps serving, and the lock goes with it
        assertThat(api.get("/health").status()).isEqualTo(200);
        server.stop();
        server = CrystalServer.start(CrystalServer.Settings.of(0, dir.resolve("data")));
        assertThat(new ApiClient(server).get("/health").status()).isEqualTo(200);
    }
}

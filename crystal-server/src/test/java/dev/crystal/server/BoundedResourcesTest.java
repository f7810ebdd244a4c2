package dev.crystal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crystal.server.http.HttpLimits;
import dev.crystal.server.http.RateLimit;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bounded resources through the real server: bodies, numbers, metadata, slow bodies, connections, rates, streams. */
class BoundedResourcesTest {
    @TempDir
    Path dir;
    CrystalServer server;
    ApiClient api;

    private void start(HttpLimits limits) {
        server = CrystalServer.start(CrystalServer.Settings.of(0, dir.resolve("data")).withLimits(limits));
        api = new ApiClient(server);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void aChunkedBodyOverTheLimitIsRefusedWhileItArrives() throws Exception {
        start(HttpLimits.defaults());
        try (Socket socket = RawHttp.connect(server.port())) {
            OutputStream out = socket.getOutputStream();
            RawHttp.write(out, RawHttp.head("POST", "/customers", "Content-Type: application/json",
                    "Transfer-Encoding: chunked").getBytes(StandardCharsets.ISO_8859_1));
            byte[] chunk = ("10000\r\n" + "7".repeat(0x10000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            String prefix = "{\"customerId\":\"C1\",\"openingBalance\":";
            RawHttp.write(out, (Integer.toHexString(prefix.length()) + "\r\n" + prefix + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            int sent = 0;
            for (int i = 0; i < 32 && RawHttp.write(out, chunk); i++) { // 32 × 64 KiB = 2 MiB
                sent++;
            }
            RawHttp.Response r = RawHttp.read(socket);
            assertThat(r.status()).isEqualTo(413);
            assertThat(r.body()).contains("\"error\":\"PAYLOAD_TOO_LARGE\"").contains("1048576");
            assertThat(sent).isPositive();
        }
        assertThat(api.get("/customers/C1/balance").status()).isEqualTo(404);
    }

    @Test
    void aContentLengthBeyondTwoToTheThirtyFirstIsRefusedBeforeReading() throws Exception {
        start(HttpLimits.defaults());
        for (String length : List.of("3000000000", "9223372036854775807", "2147483648")) {
            try (Socket socket = RawHttp.connect(server.port())) {
                OutputStream out = socket.getOutputStream();
                RawHttp.write(out, RawHttp.head("POST", "/customers", "Content-Type: application/json",
                        "Content-Length: " + length).getBytes(StandardCharsets.ISO_8859_1));
                RawHttp.write(out, "{\"customerId\":\"C2\",".getBytes(StandardCharsets.US_ASCII));
                RawHttp.Response r = RawHttp.read(socket);
                assertThat(r.status()).as(length).isEqualTo(413);
                assertThat(r.body()).contains("PAYLOAD_TOO_LARGE");
            }
        }
        assertThat(api.get("/health").status()).isEqualTo(200);
    }

    @Test
    void anExtremeExponentIsRefusedFastWithASmallMessage() throws Exception {
        start(HttpLimits.defaults());
        assertThat(api.post("/customers", "{\"customerId\":\"C3\",\"openingBalance\":10}").status()).isEqualTo(201);
        List<String> bodies = List.of(
                "{\"settlementId\":\"S1\",\"customerId\":\"C3\",\"amount\":1e999999999,\"type\":\"payout\"}",
                "{\"settlementId\":\"S1\",\"customerId\":\"C3\",\"amount\":1e-999999999,\"type\":\"payout\"}",
                "{\"settlementId\":\"S1\",\"customerId\":\"C3\",\"amount\":1,\"type\":\"payout\",\"metadata\":{\"x\":1e999999999}}",
                "{\"settlementId\":\"S1\",\"customerId\":\"C3\",\"amount\":1,\"type\":\"payout\",\"metadata\":{\"x\":[-1E+999999999]}}",
                "{\"settlementId\":\"S1\",\"customerId\":\"C3\",\"amount\":" + "1".repeat(41) + ",\"type\":\"payout\"}");
        for (String body : bodies) {
            var r = api.post("/collections/process-settlement", body);
            assertThat(r.status()).as(body).isEqualTo(400);
            assertThat(r.body().toString().length()).as(body).isLessThan(1_000);
        }
        var exponent = api.post("/collections/process-settlement", bodies.get(0));
        assertThat(exponent.body().get("error").asText()).isEqualTo("VALIDATION_FAILED");
        assertThat(exponent.body().get("field").asText()).isEqualTo("amount");
        assertThat(exponent.body().get("message").asText()).contains("1E+999999999").contains("40 digits");
        var affiliate = api.post("/affiliates", "{\"affiliateId\":\"A1\",\"commissionRate\":1e-999999999}");
        assertThat(affiliate.status()).isEqualTo(400);
        assertThat(affiliate.body().toString().length()).isLessThan(1_000);
        assertThat(api.get("/settlements/S1").status()).isEqualTo(404);
        // nesting and strings are bounded too
        assertThat(api.post("/customers", "{\"customerId\":\"C\",\"x\":" + "[".repeat(40) + "]".repeat(40) + "}")
                .body().get("error").asText()).isEqualTo("MALFORMED_JSON");
    }

    @Test
    void settlementMetadataIsCappedInKeysAndBytes() {
        start(HttpLimits.defaults().withMetadata(1024, 8));
        assertThat(api.post("/customers", "{\"customerId\":\"C4\",\"openingBalance\":10}").status()).isEqualTo(201);
        StringBuilder manyKeys = new StringBuilder("{");
        for (int i = 0; i < 9; i++) {
            manyKeys.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":1");
        }
        manyKeys.append('}');
        var keys = api.post("/collections/process-settlement", settlement("M1", manyKeys.toString()));
        assertThat(keys.status()).isEqualTo(400);
        assertThat(keys.body().get("error").asText()).isEqualTo("VALIDATION_FAILED");
        assertThat(keys.body().get("field").asText()).isEqualTo("metadata");
        assertThat(keys.body().get("message").asText()).contains("9 keys").contains("at most 8");
        var nested = api.post("/collections/process-settlement", settlement("M1",
                "{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{\"f\":{\"g\":{\"h\":{\"i\":1}}}}}}}}}"));
        assertThat(nested.status()).isEqualTo(400);
        var big = api.post("/collections/process-settlement", settlement("M1", "{\"note\":\"" + "n".repeat(2000) + "\"}"));
        assertThat(big.status()).isEqualTo(400);
        assertThat(big.body().get("field").asText()).isEqualTo("metadata");
        assertThat(big.body().get("message").asText()).contains("at most 1024");
        var fine = api.post("/collections/process-settlement", settlement("M1", "{\"processedBy\":\"Agent Smith\"}"));
        assertThat(fine.status()).isEqualTo(200);
        assertThat(api.get("/settlements/M1").body().get("metadata").get("processedBy").asText()).isEqualTo("Agent Smith");
    }

    @Test
    void theDefaultMetadataCapIsSixteenKibibytesAndSixtyFourKeys() {
        start(HttpLimits.defaults());
        assertThat(api.post("/customers", "{\"customerId\":\"C5\",\"openingBalance\":10}").status()).isEqualTo(201);
        var big = api.post("/collections/process-settlement", settlement("M2", "{\"note\":\"" + "n".repeat(17_000) + "\"}"));
        assertThat(big.status()).isEqualTo(400);
        assertThat(big.body().get("message").asText()).contains("at most 16384");
        var mb = api.post("/collections/process-settlement", settlement("M2", "{\"note\":\"" + "n".repeat(99_000) + "\"}"));
        assertThat(mb.status()).isEqualTo(400);
    }

    private static String settlement(String id, String metadata) {
        return "{\"settlementId\":\"" + id + "\",\"customerId\":\"" + (id.equals("M1") ? "C4" : "C5")
                + "\",\"amount\":1,\"type\":\"payout\",\"metadata\":" + metadata + "}";
    }

    @Test
    void aSlowBodyIsCutWhenItsTimeIsUp() throws Exception {
        start(HttpLimits.defaults().withBodyTimeout(Duration.ofSeconds(1)));
        try (Socket socket = RawHttp.connect(server.port())) {
            OutputStream out = socket.getOutputStream();
            RawHttp.write(out, RawHttp.head("POST", "/customers", "Content-Type: application/json",
                    "Content-Length: 200").getBytes(StandardCharsets.ISO_8859_1));
            boolean open = true;
            for (int i = 0; i < 100 && open && socket.getInputStream().available() == 0; i++) {
                open = RawHttp.write(out, new byte[] {' '});
                Thread.sleep(100);
            }
            RawHttp.Response r = RawHttp.read(socket);
            assertThat(r.status()).isEqualTo(408);
            assertThat(r.body()).contains("REQUEST_TIMEOUT");
        }
    }

    @Test
    void connectionsBeyondTheCapWaitUntilOneCloses() throws Exception {
        start(HttpLimits.defaults().withMaxConnections(2));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest health = api.request("/health").timeout(Duration.ofSeconds(2)).GET().build();
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                Socket socket = RawHttp.connect(server.port());
                RawHttp.write(socket.getOutputStream(), RawHttp.head("GET", "/health")
                        .getBytes(StandardCharsets.ISO_8859_1));
                assertThat(RawHttp.read(socket).status()).isEqualTo(200); // accepted, kept alive
                held.add(socket);
            }
            assertThatThrownBy(() -> http.send(health, HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(HttpTimeoutException.class);
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
        HttpClient fresh = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        assertThat(fresh.send(api.request("/health").timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    @Test
    void aLowRateLimitAnswers429WithRetryAfter() {
        start(HttpLimits.defaults().withRateLimit(RateLimit.parse("5/s")));
        List<Integer> statuses = new ArrayList<>();
        ApiClient.Response limited = null;
        for (int i = 0; i < 30; i++) {
            var r = api.get("/health");
            statuses.add(r.status());
            if (r.status() == 429 && limited == null) {
                limited = r;
            }
        }
        assertThat(statuses).contains(200).contains(429);
        assertThat(limited.body().get("error").asText()).isEqualTo("RATE_LIMITED");
        var raw = api.send(api.request("/health").GET().build());
        assertThat(raw.status()).isEqualTo(429);
        HttpResponse<String> withHeaders;
        try {
            withHeaders = HttpClient.newHttpClient().send(api.request("/health").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertThat(withHeaders.statusCode()).isEqualTo(429);
        assertThat(withHeaders.headers().firstValue("Retry-After")).hasValueSatisfying(v ->
                assertThat(Integer.parseInt(v)).isBetween(1, 2));
    }

    @Test
    void theDefaultRateLimitDoesNotLimitNormalUse() throws Exception {
        start(HttpLimits.defaults());
        assertThat(server.limits().rateLimit().perSecond()).isGreaterThanOrEqualTo(20_000);
        assertThat(api.post("/customers", "{\"customerId\":\"C6\",\"openingBalance\":10}").status()).isEqualTo(201);
        List<Thread> threads = new ArrayList<>();
        List<Integer> statuses = Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 4; t++) {
            threads.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 500; i++) {
                    statuses.add(api.get("/customers/C6/balance").status());
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(statuses).hasSize(2_000).containsOnly(200);
    }

    @Test
    void eventStreamsRefuseSubscribersBeyondTheCap() throws Exception {
        start(HttpLimits.defaults().withSse(1, 16, 4096).withIdleTimeout(Duration.ofSeconds(4)));
        HttpClient http = HttpClient.newHttpClient();
        for (String path : List.of("/messages/tail", "/ops/events", "/jobs/queues/settlement-retries/events")) {
            HttpRequest subscribe = api.request(path).header("Accept", "text/event-stream").GET().build();
            HttpResponse<InputStream> first = http.send(subscribe, HttpResponse.BodyHandlers.ofInputStream());
            assertThat(first.statusCode()).isEqualTo(200);
            var second = api.send(api.request(path).header("Accept", "text/event-stream").GET().build());
            assertThat(second.status()).as(path).isEqualTo(503);
            assertThat(second.body().get("error").asText()).isEqualTo("TOO_MANY_SUBSCRIBERS");
            first.body().close();
        }
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                server.tailSubscribers().subscribers() == 0);
        var again = http.send(api.request("/messages/tail").header("Accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(again.statusCode()).isEqualTo(200);
        again.body().close();
    }

    @Test
    void tighterJsonAndBodyLimitsRefuseWhatTheDefaultsAccept() {
        String padded = "{\"customerId\":\"C7\",\"openingBalance\":1" + " ".repeat(600) + "}";
        String deep = settlementFor("T1", "{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":1}}}}}");
        String longText = settlementFor("T2", "{\"note\":\"" + "n".repeat(150) + "\"}");
        String longNumber = settlementFor("T3", "{\"n\":" + "1".repeat(30) + "}");
        start(HttpLimits.defaults());
        assertThat(api.post("/customers", padded).status()).isEqualTo(201);
        for (String body : List.of(deep, longText, longNumber)) {
            assertThat(api.post("/collections/process-settlement", body).status()).as(body).isEqualTo(200);
        }
        server.stop();
        start(HttpLimits.defaults().withMaxBodyBytes(512).withJson(25, 4, 100));
        var tooBig = api.post("/customers", padded);
        assertThat(tooBig.status()).isEqualTo(413);
        assertThat(tooBig.body().get("message").asText()).contains("512");
        assertThat(api.post("/customers", "{\"customerId\":\"C8\",\"openingBalance\":1}").status()).isEqualTo(201);
        assertThat(api.post("/collections/process-settlement", deep.replace("T1", "U1")).body().get("error").asText())
                .isEqualTo("MALFORMED_JSON");
        assertThat(api.post("/collections/process-settlement", longText.replace("T2", "U2")).body().get("error")
                .asText()).isEqualTo("MALFORMED_JSON");
        assertThat(api.post("/collections/process-settlement", longNumber.replace("T3", "U3")).status()).isEqualTo(400);
    }

    private static String settlementFor(String id, String metadata) {
        return "{\"settlementId\":\"" + id + "\",\"customerId\":\"C7\",\"amount\":1,\"type\":\"payout\",\"metadata\":"
                + metadata + "}";
    }

    @Test
    void anIdleConnectionIsClosedAfterTheIdleTimeout() throws Exception {
        start(HttpLimits.defaults().withIdleTimeout(Duration.ofSeconds(1)));
        try (Socket socket = RawHttp.connect(server.port())) {
            RawHttp.write(socket.getOutputStream(), "GET /health HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.setSoTimeout(15_000);
            int last;
            try {
                do {
                    last = socket.getInputStream().read(); // whatever Jetty writes before closing, then the end
                } while (last >= 0);
            } catch (SocketException reset) {
                last = -1;
            }
            assertThat(last).isEqualTo(-1);
        }
    }
}

package dev.crystal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crystal.server.http.HttpLimits;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code /messages/tail} client that connects and never reads, while settlements run: the tap
 * worker only offers to the client's bounded buffer, so settlements keep completing, a reading
 * client keeps receiving, and the stalled client is dropped.
 */
class SlowSubscriberTest {
    @TempDir
    Path dir;
    CrystalServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void aTailClientThatNeverReadsIsDroppedAndStallsNothing() throws Exception {
        server = CrystalServer.start(CrystalServer.Settings.of(0, dir.resolve("data"))
                .withLimits(HttpLimits.defaults().withSse(4, HttpLimits.DEFAULT_SSE_BUFFER_EVENTS, 4096)));
        ApiClient api = new ApiClient(server);
        assertThat(api.post("/customers", "{\"customerId\":\"CUST_S\",\"openingBalance\":0}").status()).isEqualTo(201);

        // the stalled client: a tiny receive window, and nothing ever read
        Socket stalled = new Socket();
        stalled.setReceiveBufferSize(1024);
        stalled.connect(new InetSocketAddress("127.0.0.1", server.port()));
        RawHttp.write(stalled.getOutputStream(), RawHttp.head("GET", "/messages/tail", "Accept: text/event-stream")
                .getBytes(StandardCharsets.ISO_8859_1));
        // a well-behaved client reading the same stream
        AtomicInteger received = new AtomicInteger();
        HttpResponse<InputStream> reader = HttpClient.newHttpClient().send(api.request("/messages/tail")
                .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        Thread readerThread = Thread.ofVirtual().start(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(reader.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.equals("event: message")) {
                        received.incrementAndGet();
                    }
                }
            } catch (Exception closed) {
                // end of test
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> server.tailSubscribers().subscribers() == 2);

        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        AtomicInteger outcomesNotCompleted = new AtomicInteger();
        AtomicInteger next = new AtomicInteger();
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            senders.add(Thread.ofVirtual().start(() -> {
                // keep settling until the stalled client is dropped, then a little more
                int after = 0;
                while (next.get() < 20_000 && after < 20) {
                    int n = next.incrementAndGet();
                    var r = api.post("/collections/process-settlement", "{\"settlementId\":\"SLOW_" + n
                            + "\",\"customerId\":\"CUST_S\",\"amount\":1.00,\"type\":\"payout\",\"metadata\":{\"note\":\""
                            + "x".repeat(2_000) + "\"}}");
                    statuses.computeIfAbsent(r.status(), s -> new AtomicInteger()).incrementAndGet();
                    if (r.status() != 200 || !"completed".equals(r.body().path("status").asText())) {
                        outcomesNotCompleted.incrementAndGet();
                    }
                    if (server.tailSubscribers().dropped() > 0) {
                        after++;
                    }
                }
            }));
        }
        for (Thread sender : senders) {
            sender.join();
        }
        int settled = next.get();

        assertThat(server.tailSubscribers().dropped()).as("dropped after %d settlements", settled).isEqualTo(1);
        assertThat(statuses.keySet()).as("statuses %s", statuses).containsOnly(200);
        assertThat(outcomesNotCompleted).hasValue(0);
        await().atMost(Duration.ofSeconds(10)).until(() -> server.tailSubscribers().subscribers() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> received.get() >= settled);
        assertThat(api.get("/health").status()).isEqualTo(200);
        String metrics = HttpClient.newHttpClient().send(api.request("/metrics").GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("crystal_sse_dropped_total{endpoint=\"/messages/tail\"} 1.0")
                .contains("crystal_sse_subscribers{endpoint=\"/messages/tail\"} 1.0");
        assertThat(api.get("/customers/CUST_S/balance").body().get("balance").decimalValue())
                .isEqualByComparingTo(String.valueOf(settled));
        stalled.close();
        reader.body().close();
        readerThread.join(5_000);
    }
}

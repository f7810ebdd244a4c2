package dev.crystal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Every log line carries the correlation id of the operation it is about, also when many settlements run at
 * once: notices delivered in a batch or by the retry sweep (the channel's rate limit of 100 notices/s is
 * exceeded on purpose), reply callbacks, relayed outbox messages.
 */
class CorrelationUnderLoadTest {
    private static final int SETTLEMENTS = 400;
    private static final Pattern SETTLEMENT_ID = Pattern.compile("LS_\\d+X");

    @TempDir
    Path dataDir;
    CrystalServer server;
    ApiClient api;
    Captured captured;
    Logger crystalLogs;
    Level savedLevel;

    @BeforeEach
    void start() {
        crystalLogs = (Logger) LoggerFactory.getLogger("crystal");
        savedLevel = crystalLogs.getLevel();
        crystalLogs.setLevel(Level.DEBUG);
        crystalLogs.setAdditive(false);
        captured = new Captured();
        captured.start();
        crystalLogs.addAppender(captured);
        server = CrystalServer.start(CrystalServer.Settings.of(0, dataDir));
        api = new ApiClient(server);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
        crystalLogs.detachAppender(captured);
        crystalLogs.setLevel(savedLevel);
        crystalLogs.setAdditive(true);
    }

    @Test
    void noLogLineCarriesAnotherSettlementsCorrelationIdUnderConcurrentLoad() throws Exception {
        for (int c = 0; c < 10; c++) {
            assertThat(api.post("/customers", "{\"customerId\":\"LC_" + c + "\",\"openingBalance\":1000}").status())
                    .isEqualTo(201);
        }
        Map<String, String> correlationOf = new ConcurrentHashMap<>();
        Semaphore inFlight = new Semaphore(48); // many at once, but within what the test's HTTP client keeps open
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < SETTLEMENTS; i++) {
                String id = "LS_" + i + "X";
                // one in five is a collection the customer cannot pay: a SETTLEMENT_FAILED notice and a retry job
                String body = i % 5 == 0
                        ? "{\"settlementId\":\"" + id + "\",\"customerId\":\"LC_" + (i % 10) + "\",\"amount\":5000,\"type\":\"collection\"}"
                        : "{\"settlementId\":\"" + id + "\",\"customerId\":\"LC_" + (i % 10) + "\",\"amount\":1.25,\"type\":\"payout\"}";
                sent.add(pool.submit(() -> {
                    inFlight.acquire();
                    ApiClient.Response r;
                    try {
                        r = api.post("/collections/process-settlement", body);
                    } finally {
                        inFlight.release();
                    }
                    assertThat(r.status()).isEqualTo(200);
                    String corr = r.body().get("correlationId").asText();
                    assertThat(r.header("X-Correlation-Id")).isEqualTo(corr);
                    correlationOf.put(id, corr);
                    return null;
                }));
            }
            for (Future<?> f : sent) {
                f.get();
            }
        }
        assertThat(correlationOf).hasSize(SETTLEMENTS);

        // every settlement's notice is delivered eventually (more than 100/s are refused and retried later)
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> assertThat(noticedSettlements())
                .containsAll(correlationOf.keySet()));

        int checked = 0;
        for (ILoggingEvent event : List.copyOf(captured.events)) {
            Matcher m = SETTLEMENT_ID.matcher(event.getFormattedMessage());
            while (m.find()) {
                String corr = event.getMDCPropertyMap().get("correlationId");
                assertThat(corr).as("correlation of '%s' on %s", event.getFormattedMessage(), event.getThreadName())
                        .isEqualTo(correlationOf.get(m.group()));
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(SETTLEMENTS);
    }

    @Test
    void aRepeatedSettlementAnswersTheOriginalCorrelationIdInHeaderAndBody() {
        assertThat(api.post("/customers", "{\"customerId\":\"RC_1\",\"openingBalance\":10}").status()).isEqualTo(201);
        String body = "{\"settlementId\":\"RS_1\",\"customerId\":\"RC_1\",\"amount\":2.50,\"type\":\"payout\"}";
        var first = api.postWithHeaders("/collections/process-settlement", body, "X-Correlation-Id", "first-request");
        assertThat(first.body().get("correlationId").asText()).isEqualTo("first-request");
        assertThat(first.header("X-Correlation-Id")).isEqualTo("first-request");

        var again = api.postWithHeaders("/collections/process-settlement", body, "X-Correlation-Id", "second-request");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().get("correlationId").asText()).isEqualTo("first-request");
        assertThat(again.header("X-Correlation-Id")).isEqualTo("first-request");

        var anonymous = api.post("/collections/process-settlement", body);
        assertThat(anonymous.header("X-Correlation-Id")).isEqualTo("first-request");
    }

    private List<String> noticedSettlements() {
        List<String> ids = new ArrayList<>();
        for (ILoggingEvent event : List.copyOf(captured.events)) {
            if (event.getLoggerName().equals("crystal.notices")) {
                Matcher m = SETTLEMENT_ID.matcher(event.getFormattedMessage());
                while (m.find()) {
                    ids.add(m.group());
                }
            }
        }
        return ids;
    }

    /** Keeps every event (thread-safe to read while workers log). */
    static final class Captured extends AppenderBase<ILoggingEvent> {
        final ConcurrentLinkedQueue<ILoggingEvent> events = new ConcurrentLinkedQueue<>();

        @Override
        protected void append(ILoggingEvent event) {
            event.prepareForDeferredProcessing();
            events.add(event);
        }
    }
}

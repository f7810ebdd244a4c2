package dev.crystal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.crystal.server.ops.AlertSettings;
import dev.crystal.server.trace.OtelIds;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenTelemetry: a settlement whose request carries a W3C {@code traceparent} produces one trace at an in-process
 * OTLP/HTTP receiver (protobuf on {@code /v1/traces}, decoded with the opentelemetry-proto classes): a span per hop,
 * each parented on the hop that caused it, the HTTP span on the caller's span.
 */
class OtlpExportTest {
    static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String CALLER_SPAN = "00f067aa0ba902b7";

    record Received(String traceId, String spanId, String parentSpanId, String name, String node) {
    }

    @TempDir
    Path dataDir;
    HttpServer receiver;
    final ConcurrentLinkedQueue<Received> spans = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> contentTypes = new ConcurrentLinkedQueue<>();
    CrystalServer server;

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/v1/traces", exchange -> {
            contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
            try (InputStream in = exchange.getRequestBody()) {
                ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(in.readAllBytes());
                for (ResourceSpans rs : request.getResourceSpansList()) {
                    String node = rs.getResource().getAttributesList().stream()
                            .filter(a -> a.getKey().equals("service.instance.id")).map(KeyValue::getValue)
                            .map(v -> v.getStringValue()).findFirst().orElse("?");
                    for (ScopeSpans ss : rs.getScopeSpansList()) {
                        for (Span s : ss.getSpansList()) {
                            spans.add(new Received(hex(s.getTraceId().toByteArray()), hex(s.getSpanId().toByteArray()),
                                    hex(s.getParentSpanId().toByteArray()), s.getName(), node));
                        }
                    }
                }
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
        receiver.stop(0);
    }

    @Test
    void oneSettlementIsOneTraceWithASpanPerHopParentedCorrectly() {
        URI endpoint = URI.create("http://127.0.0.1:" + receiver.getAddress().getPort());
        server = CrystalServer.start(CrystalServer.Settings.of(0, dataDir), AlertSettings.defaults(), endpoint);
        ApiClient api = new ApiClient(server.port());
        assertThat(api.post("/customers", "{\"customerId\":\"OC_1\",\"openingBalance\":10}").status()).isEqualTo(201);
        var r = api.postWithHeaders("/collections/process-settlement",
                "{\"settlementId\":\"PEN_O1\",\"customerId\":\"OC_1\",\"amount\":4.50,\"type\":\"payout\"}",
                "traceparent", "00-" + TRACE_ID + "-" + CALLER_SPAN + "-01");
        assertThat(r.status()).isEqualTo(200);
        // the W3C trace id is the operation's correlation id, carried by every message, stream entry and job
        assertThat(r.body().get("correlationId").asText()).isEqualTo(TRACE_ID);
        assertThat(r.header("traceparent")).startsWith("00-" + TRACE_ID + "-");
        assertThat(OtelIds.traceId(TRACE_ID)).isEqualTo(TRACE_ID); // what %traceId prints on its log lines

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            server.platform().traceLog().flush(2_000);
            assertThat(ofTrace()).extracting(Received::name).contains("POST /collections/process-settlement",
                    "collections PROCESS_SETTLEMENT", "balance POST_SETTLEMENT", "notifications SETTLEMENT_PROCESSED",
                    "workflows SETTLEMENT_PROCESSED", "notifications NOTICE_SENT");
        });
        List<Received> trace = ofTrace();
        assertThat(contentTypes).allMatch(t -> t.startsWith("application/x-protobuf"));
        assertThat(trace).allMatch(s -> s.traceId().equals(TRACE_ID));
        assertThat(trace).extracting(Received::spanId).doesNotHaveDuplicates();
        assertThat(trace).allMatch(s -> s.node().equals("embedded"));

        Map<String, Received> bySpan = trace.stream().collect(Collectors.toMap(Received::spanId, s -> s));
        Received http = named(trace, "POST /collections/process-settlement");
        assertThat(http.parentSpanId()).isEqualTo(CALLER_SPAN);
        Received process = named(trace, "collections PROCESS_SETTLEMENT");
        assertThat(process.parentSpanId()).isEqualTo(http.spanId());
        assertThat(named(trace, "balance POST_SETTLEMENT").parentSpanId()).isEqualTo(process.spanId());
        assertThat(named(trace, "notifications SETTLEMENT_PROCESSED").parentSpanId()).isEqualTo(process.spanId());
        Received noticed = named(trace, "notifications NOTICE_SENT");
        assertThat(bySpan.get(noticed.parentSpanId()).name()).isEqualTo("notifications SETTLEMENT_PROCESSED");
        // every span but the HTTP request's has its parent in the same trace
        assertThat(trace).filteredOn(s -> s != http).allMatch(s -> bySpan.containsKey(s.parentSpanId()),
                "parent in the trace");
    }

    private List<Received> ofTrace() {
        return spans.stream().filter(s -> s.traceId().equals(TRACE_ID)).toList();
    }

    private static Received named(List<Received> trace, String name) {
        return trace.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no span " + name + " in " + trace));
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}

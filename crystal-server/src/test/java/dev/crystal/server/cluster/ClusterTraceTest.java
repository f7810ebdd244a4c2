package dev.crystal.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.crystal.jobs.spi.JobStore;
import dev.crystal.jobs.sqlite.SqliteJobStore;
import dev.crystal.runtime.Reply;
import dev.crystal.runtime.spi.Lease;
import dev.crystal.runtime.spi.Transport;
import dev.crystal.server.Platform;
import dev.crystal.server.trace.OtelIds;
import dev.crystal.server.trace.OtlpTraceExport;
import dev.crystal.server.trace.TraceTree;
import dev.crystal.settlement.assembly.DomainSettings;
import dev.crystal.settlement.assembly.SettlementAssembly;
import dev.crystal.settlement.collections.domain.RetryPolicy;
import dev.crystal.settlement.contracts.Addresses;
import dev.crystal.settlement.contracts.BalanceCommand;
import dev.crystal.settlement.contracts.CollectionsCommand;
import dev.crystal.settlement.contracts.SettlementLookup;
import dev.crystal.settlement.contracts.SettlementOutcome;
import dev.crystal.settlement.contracts.SettlementRequest;
import dev.crystal.settlement.contracts.SettlementStatus;
import dev.crystal.settlement.contracts.SettlementType;
import dev.crystal.settlement.kernel.Money;
import dev.crystal.store.PostgresSettings;
import dev.crystal.store.trace.TraceRecord;
import dev.crystal.store.trace.TraceSettings;
import dev.crystal.testsupport.InMemoryLeases;
import dev.crystal.testsupport.InMemoryTransport;
import dev.crystal.wire.CodecId;
import dev.crystal.wire.CompressionId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One settlement across two cluster nodes (in one JVM: an in-memory transport and leases stand in for Redis, state
 * and the shared trace log are real PostgreSQL schemas): it fails for insufficient funds on the node running
 * collections and balance, is notified on the other, is completed by its retry job after a top-up — and the trace
 * log, read from either node, holds the whole tree with each hop's node; the OTLP export of both nodes forms one
 * trace whose every span's parent is in it.
 */
class ClusterTraceTest {
    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    private final String schemaPrefix = "tracetest_" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36)
            + "_";
    private final Transport transport = new InMemoryTransport(InstantSource.system(), 100_000);
    private final InMemoryLeases leases = new InMemoryLeases(Duration.ofSeconds(1));
    private final List<Platform> nodes = new ArrayList<>();
    private final List<OtlpTraceExport> exports = new ArrayList<>();
    private final ConcurrentLinkedQueue<String[]> spans = new ConcurrentLinkedQueue<>();
    private HttpServer receiver;

    @AfterEach
    void tearDown() throws Exception {
        nodes.forEach(Platform::stop);
        transport.close();
        if (receiver != null) {
            receiver.stop(0);
        }
        try (Connection c = DriverManager.getConnection(URL, "postgres", "")) {
            for (String domain : Stream.concat(SettlementAssembly.ALL_DOMAINS.stream(), Stream.of("deadletters", "traces"))
                    .toList()) {
                c.createStatement().execute("DROP SCHEMA IF EXISTS " + schemaPrefix + domain + " CASCADE");
            }
        }
    }

    private Platform start(String node, Set<String> domains, URI otlp) {
        ClusterSettings settings = new ClusterSettings(node, "redis://127.0.0.1:6379", "unused",
                PostgresSettings.of(URL, "postgres", ""), schemaPrefix, domains, CodecId.BINARY, CompressionId.NONE,
                Duration.ofSeconds(1), Duration.ofSeconds(1));
        ClusterBackends backends = new ClusterBackends() {
            @Override
            public Transport transport() {
                return transport;
            }

            @Override
            public Lease lease(String destination) {
                return leases.lease(destination, node);
            }

            @Override
            public JobStore openJobStore() {
                return SqliteJobStore.open(dir.resolve("jobs.db"));
            }

            @Override
            public void close() {
                // shared by the test's nodes, closed by the test
            }
        };
        Platform platform = Platform.startNode(settings, backends, new SimpleMeterRegistry(), InstantSource.system(),
                Duration.ofSeconds(5), DomainSettings.defaults()
                        .withSettlementRetry(new RetryPolicy(3, Duration.ofSeconds(2))).withTrace(TraceSettings.on()));
        OtlpTraceExport export = OtlpTraceExport.start(otlp, node);
        platform.traceLog().onWritten(export);
        platform.closeWith(export);
        exports.add(export);
        nodes.add(platform);
        return platform;
    }

    @Test
    void aRetriedSettlementIsOneTraceAcrossTwoNodes() throws Exception {
        URI otlp = startReceiver();
        Platform core = start("core", Set.of("balance", "collections", "workflows"), otlp);
        Platform edge = start("edge", Set.of("notifications", "distributions", "freeplay", "adjustments"), otlp);

        value(edge.runtime().request(Addresses.BALANCE, new BalanceCommand.OpenAccount("CT_1", Money.of("10.00")),
                null, WAIT).join());
        SettlementOutcome failed = value(edge.runtime().request(Addresses.COLLECTIONS,
                new CollectionsCommand.ProcessSettlement(request("CT_S1", SettlementType.COLLECTION, "50.00")),
                "corr-cluster-1", WAIT).join());
        assertThat(failed).isInstanceOf(SettlementOutcome.Failed.class);
        value(edge.runtime().request(Addresses.COLLECTIONS, new CollectionsCommand.ProcessSettlement(
                request("CT_TOPUP", SettlementType.PAYOUT, "100.00")), "corr-topup", WAIT).join());
        await().atMost(Duration.ofSeconds(30)).until(() -> value(edge.runtime().request(Addresses.COLLECTIONS,
                new CollectionsCommand.GetSettlement("CT_S1"), null, WAIT).join()) instanceof SettlementLookup.Found f
                && f.settlement().status() == SettlementStatus.COMPLETED);

        // the shared trace log, read from the node that ran neither collections nor balance
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            core.traceLog().flush(2_000);
            edge.traceLog().flush(2_000);
            assertThat(edge.traceLog().byCorrelation("corr-cluster-1")).anyMatch(h -> h.type().equals("NOTICE_SENT")
                    && "SETTLEMENT_PROCESSED:CT_S1".equals(h.subject()));
        });
        assertThat(edge.traceLog().correlationsFor("CT_S1")).first().isEqualTo("corr-cluster-1");
        List<TraceRecord> hops = edge.traceLog().byCorrelation("corr-cluster-1");
        assertThat(TraceTree.nodes(hops)).contains("core", "edge");
        assertThat(hop(hops, "PROCESS_SETTLEMENT", "collections").node()).isEqualTo("core");
        assertThat(hop(hops, "POST_SETTLEMENT", "balance").node()).isEqualTo("core");
        assertThat(hop(hops, "SETTLEMENT_FAILED", "notifications").node()).isEqualTo("edge");
        assertThat(hop(hops, "SETTLEMENT_PROCESSED", "notifications").node()).isEqualTo("edge");

        List<TraceTree.Step> roots = TraceTree.build(hops);
        TraceTree.Step process = roots.stream().filter(s -> s.hop().type().equals("PROCESS_SETTLEMENT")).findFirst()
                .orElseThrow();
        assertThat(process.children()).anyMatch(c -> c.hop().type().equals("SETTLEMENT_FAILED")
                && c.hop().target().equals("notifications") && c.hop().node().equals("edge"));
        TraceTree.Step job = roots.stream().filter(s -> s.hop().kind().equals("job")).findFirst().orElseThrow();
        assertThat(job.hop().target()).isEqualTo("settlement-retries/retry-CT_S1-0");
        assertThat(job.hop().outcome()).isEqualTo("completed");
        TraceTree.Step retry = job.children().get(0);
        assertThat(retry.hop().type()).isEqualTo("RETRY_SETTLEMENT");
        assertThat(retry.hop().node()).isEqualTo("core");
        TraceTree.Step notified = retry.children().stream().filter(c -> c.hop().type().equals("SETTLEMENT_PROCESSED")
                && c.hop().target().equals("notifications")).findFirst().orElseThrow();
        assertThat(notified.hop().node()).isEqualTo("edge");
        assertThat(notified.children()).anyMatch(c -> c.hop().type().equals("NOTICE_SENT"));

        // OpenTelemetry: both nodes' spans form one trace, every parent known except the roots (request, job)
        String traceId = OtelIds.traceId("corr-cluster-1");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            exports.forEach(OtlpTraceExport::flush);
            assertThat(ofTrace(traceId).stream().map(s -> s[4]).collect(Collectors.toSet()))
                    .contains("core", "edge");
            assertThat(ofTrace(traceId)).hasSameSizeAs(edge.traceLog().byCorrelation("corr-cluster-1"));
        });
        List<String[]> trace = ofTrace(traceId);
        Map<String, String[]> bySpan = trace.stream().collect(Collectors.toMap(s -> s[1], s -> s));
        List<String[]> orphans = trace.stream().filter(s -> !s[2].isEmpty() && !bySpan.containsKey(s[2])).toList();
        // the request came from outside the runtime (no HTTP here): its first message names the absent HTTP span
        assertThat(orphans).extracting(s -> s[3]).containsOnly("collections PROCESS_SETTLEMENT");
        assertThat(trace).filteredOn(s -> s[2].isEmpty()).extracting(s -> s[3])
                .containsExactly("job settlement-retries");
        String[] retrySpan = trace.stream().filter(s -> s[3].equals("collections RETRY_SETTLEMENT")).findFirst()
                .orElseThrow();
        assertThat(bySpan.get(retrySpan[2])[3]).isEqualTo("job settlement-retries");
    }

    private List<String[]> ofTrace(String traceId) {
        return spans.stream().filter(s -> s[0].equals(traceId)).toList();
    }

    private URI startReceiver() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/v1/traces", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                var request = ExportTraceServiceRequest.parseFrom(in.readAllBytes());
                for (var rs : request.getResourceSpansList()) {
                    String node = rs.getResource().getAttributesList().stream()
                            .filter(a -> a.getKey().equals("service.instance.id"))
                            .map(a -> a.getValue().getStringValue()).findFirst().orElse("?");
                    for (var ss : rs.getScopeSpansList()) {
                        for (var s : ss.getSpansList()) {
                            spans.add(new String[] {hex(s.getTraceId().toByteArray()), hex(s.getSpanId().toByteArray()),
                                    hex(s.getParentSpanId().toByteArray()), s.getName(), node});
                        }
                    }
                }
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        return URI.create("http://127.0.0.1:" + receiver.getAddress().getPort());
    }

    private static TraceRecord hop(List<TraceRecord> hops, String type, String target) {
        return hops.stream().filter(h -> h.type().equals(type) && h.target().equals(target)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " at " + target + " in " + hops));
    }

    private static SettlementRequest request(String id, SettlementType type, String amount) {
        return new SettlementRequest(id, "CT_1", type, Money.of(amount), null, null, null, null, null, null);
    }

    @SuppressWarnings("unchecked")
    private static <R> R value(Reply<R> reply) {
        assertThat(reply).isInstanceOf(Reply.Success.class);
        return ((Reply.Success<R>) reply).value();
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}

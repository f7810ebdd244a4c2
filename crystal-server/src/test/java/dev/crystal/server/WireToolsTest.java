package dev.crystal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crystal.runtime.Envelope;
import dev.crystal.server.cluster.PlatformWireTypes;
import dev.crystal.server.wire.CliRun;
import dev.crystal.settlement.contracts.NoticeSent;
import dev.crystal.wire.CodecId;
import dev.crystal.wire.FrameWriter;
import dev.crystal.wire.WireEncoder;
import dev.crystal.wire.WireSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code crystal tail --raw} hands out the frames the platform writes, and {@code crystal decode} reads them back. */
class WireToolsTest {
    @TempDir
    Path dir;
    CrystalServer server;
    ApiClient api;
    String url;

    @BeforeEach
    void start() {
        server = CrystalServer.start(CrystalServer.Settings.of(0, dir.resolve("data")));
        api = new ApiClient(server);
        url = "http://127.0.0.1:" + server.port();
        api.post("/customers", "{\"customerId\":\"CUST_001\",\"openingBalance\":100.00}");
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private CompletableFuture<CliRun> tail(String... extra) {
        String[] args = Stream.concat(Stream.of("tail", "--url", url, "--data-dir", dir.resolve("data").toString(), "--type", "SETTLEMENT_PROCESSED", "--count", "1",
                "--duration", "20s", "--raw"), Stream.of(extra)).toArray(String[]::new);
        CompletableFuture<CliRun> run = CompletableFuture.supplyAsync(() -> CliRun.of(args));
        await().atMost(Duration.ofSeconds(10)).until(() -> server.platform().tap().watching() > 0);
        return run;
    }

    @Test
    void tailRawPrintsBase64FramesThatDecodeInTheContractFormat() throws Exception {
        CompletableFuture<CliRun> tail = tail("--codec", "json");
        api.post("/collections/process-settlement",
                "{\"settlementId\":\"S1\",\"customerId\":\"CUST_001\",\"amount\":5,\"type\":\"payout\"}");
        CliRun run = tail.get();
        assertThat(run.exit()).as(run.out()).isZero();
        String base64 = run.out().lines().filter(l -> l.matches("[A-Za-z0-9+/=]{40,}")).findFirst().orElseThrow();

        CliRun decoded = CliRun.withInput((base64 + "\n").getBytes(StandardCharsets.US_ASCII), "decode", "--base64", "-");
        assertThat(decoded.exit()).as(decoded.out()).isZero();
        assertThat(decoded.out()).contains("type: SETTLEMENT_PROCESSED").contains("codec: json")
                .contains("settlementId: S1").contains("amount: 5.00").contains("type: payout")
                .contains("source: collections");
        String body = new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
        assertThat(body).contains("\"amount\":5.00").contains("\"type\":\"payout\"").doesNotContain("minor");
    }

    @Test
    void tailRawWritesFramesToFilesWithOut() throws Exception {
        Path out = dir.resolve("frames");
        CompletableFuture<CliRun> tail = tail("--out", out.toString());
        api.post("/collections/process-settlement",
                "{\"settlementId\":\"S2\",\"customerId\":\"CUST_001\",\"amount\":7.50,\"type\":\"payout\"}");
        CliRun run = tail.get();
        assertThat(run.exit()).as(run.out()).isZero();
        List<Path> files;
        try (Stream<Path> listing = Files.list(out)) {
            files = listing.toList();
        }
        assertThat(files).singleElement().satisfies(f ->
                assertThat(f.getFileName().toString()).isEqualTo("000001-SETTLEMENT_PROCESSED.frame"));
        CliRun decoded = CliRun.of("decode", files.get(0).toString());
        assertThat(decoded.exit()).isZero();
        assertThat(decoded.out()).contains("codec: binary").contains("amount: 7.50");
    }

    @Test
    void tailRefusesAnUnknownCodecAndOptionsWithoutRaw() {
        assertThat(CliRun.of("tail", "--url", url, "--raw", "--codec", "morse").out()).contains("binary, json or yaml");
        assertThat(CliRun.of("tail", "--url", url, "--codec", "json").exit()).isEqualTo(2);
    }

    @Test
    void decodeReadsABatchFrameByFrame() throws Exception {
        WireEncoder encoder = new WireEncoder(PlatformWireTypes.codecs(), new SimpleMeterRegistry());
        byte[] one = encoder.encode(notice("N-1"), WireSettings.defaults());
        byte[] two = encoder.encode(notice("N-2"), WireSettings.defaults().withCodec(CodecId.YAML));
        Path batch = Files.write(dir.resolve("batch.bin"), new FrameWriter().writeBatch(List.of(one, two)));
        CliRun run = CliRun.of("decode", batch.toString());
        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(run.out()).contains("noticeId: N-1").contains("noticeId: N-2").contains("codec: yaml").contains("---");
    }

    @Test
    void theSeedsMetadataPriorityAndTtlAreTheRequestsDeliveryHintsAndBadOnesAreRefusedByField() {
        ApiClient.Response ok = api.post("/collections/process-settlement", "{\"settlementId\":\"S3\","
                + "\"customerId\":\"CUST_001\",\"amount\":5,\"type\":\"payout\","
                + "\"metadata\":{\"priority\":\"high\",\"ttl\":300000}}");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body().get("status").asText()).isEqualTo("completed");

        ApiClient.Response badPriority = api.post("/collections/process-settlement", "{\"settlementId\":\"S4\","
                + "\"customerId\":\"CUST_001\",\"amount\":5,\"type\":\"payout\",\"metadata\":{\"priority\":\"urgent\"}}");
        assertThat(badPriority.status()).isEqualTo(400);
        assertThat(badPriority.body().get("field").asText()).isEqualTo("metadata.priority");
        ApiClient.Response badTtl = api.post("/collections/process-settlement", "{\"settlementId\":\"S5\","
                + "\"customerId\":\"CUST_001\",\"amount\":5,\"type\":\"payout\",\"metadata\":{\"ttl\":-1}}");
        assertThat(badTtl.status()).isEqualTo(400);
        assertThat(badTtl.body().get("field").asText()).isEqualTo("metadata.ttl");
    }

    private static Envelope<NoticeSent> notice(String id) {
        return new Envelope<>("msg-" + id, "NOTICE_SENT", "corr-" + id, null, "notifications", "tap",
                Instant.parse("2025-01-26T15:30:00Z"), new NoticeSent(id, "CUST_001", "settlement", "S-1", "email"));
    }
}

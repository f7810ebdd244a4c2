package dev.crystal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crystal.runtime.DeadLetter;
import dev.crystal.runtime.Envelope;
import dev.crystal.server.cli.DecodeCommand;
import dev.crystal.server.http.MessageTap;
import dev.crystal.server.wire.CliRun;
import dev.crystal.settlement.assembly.ContractsPayloadCodec;
import dev.crystal.settlement.contracts.NoticeSent;
import dev.crystal.settlement.contracts.SettlementProcessed;
import dev.crystal.settlement.contracts.SettlementType;
import dev.crystal.settlement.kernel.Money;
import dev.crystal.store.Database;
import dev.crystal.store.SqliteDatabase;
import dev.crystal.store.deadletter.JdbcDeadLetterLog;
import dev.crystal.wire.WireEncoder;
import dev.crystal.wire.WireFlags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The YAML tooling for people, run as a user would: send, tail, dlq, flags and decode. */
class CliToolsTest {
    static final String SEED_SETTLEMENT_UPDATE = """
            # settlement-update.yaml
            type: SETTLEMENT_UPDATE
            version: 1.0
            correlationId: corr_1234567890
            timestamp: 2025-01-26T15:30:00Z

            payload:
              settlement:
                id: PEN_001
                customerId: CUST_001
                amount: 166.67
                status: completed
                event: Chiefs vs Bills
                betType: moneyline
                stake: 100.00
                payout: 166.67

              processing:
                processedBy: Agent Smith
                processingTime: 2300
                retryCount: 0
                queuePosition: 0

              metadata:
                sourceDomain: collections
                targetDomain: balance
                priority: high
                ttl: 300000
            """;

    @TempDir
    Path dir;
    CrystalServer server;
    ApiClient api;
    String url;
    /** The server's data directory: the CLI reads the admin key from its admin.key, as on a laptop. */
    String data;

    /** One CLI run's exit code and everything it printed. */

    @BeforeEach
    void start() {
        server = CrystalServer.start(CrystalServer.Settings.of(0, dir.resolve("data")));
        api = new ApiClient(server);
        url = "http://127.0.0.1:" + server.port();
        data = dir.resolve("data").toString();
        api.post("/customers", "{\"customerId\":\"CUST_001\",\"openingBalance\":100.00}");
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void theSeedsSettlementUpdateFileWorksAsWritten() throws Exception {
        Path file = Files.writeString(dir.resolve("settlement-update.yaml"), SEED_SETTLEMENT_UPDATE);
        CliRun run = cli("send", file.toString(), "--url", url, "--data-dir", data);
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("type: SETTLEMENT_PROCESSED").contains("status: completed")
                .contains("correlationId: corr_1234567890").contains("balance: 266.67");
        var stored = api.get("/settlements/PEN_001").body();
        assertThat(stored.get("metadata").get("processing").get("processedBy").asText()).isEqualTo("Agent Smith");
        assertThat(stored.get("stake").toString()).isEqualTo("100.00");
    }

    @Test
    void badMessagesGetSpecificErrors() throws Exception {
        Path event = Files.writeString(dir.resolve("e.yaml"), "type: SETTLEMENT_PROCESSED\npayload: {settlementId: X}\n");
        assertThat(cli("send", event.toString(), "--url", url, "--data-dir", data).out()).contains("event the platform emits");
        Path typo = Files.writeString(dir.resolve("t.yaml"), "type: SETTLEMENT_UPDATE\npaylod: {}\n");
        assertThat(cli("send", typo.toString(), "--url", url, "--data-dir", data).out()).contains("unknown key 'paylod'");
        Path bomb = Files.writeString(dir.resolve("b.yaml"), "type: SETTLEMENT_UPDATE\npayload:\n  metadata:\n"
                + "    a: &a [x,x,x,x,x,x,x,x,x]\n    b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
                + "    c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n    d: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n");
        CliRun bombRun = cli("send", bomb.toString(), "--url", url, "--data-dir", data);
        assertThat(bombRun.exit()).isEqualTo(1);
        assertThat(bombRun.out()).containsIgnoringCase("alias");
        Path bad = Files.writeString(dir.resolve("v.yaml"), "type: SETTLEMENT_UPDATE\npayload: {settlementId: S9, "
                + "customerId: CUST_001, amount: 1.001}\n");
        assertThat(cli("send", bad.toString(), "--url", url, "--data-dir", data).out()).contains("amount").contains("2 decimals");
    }

    @Test
    void tailShowsLiveMessagesAsYamlFilteredByType() throws Exception {
        CompletableFuture<CliRun> tail = CompletableFuture.supplyAsync(() ->
                cli("tail", "--url", url, "--data-dir", data, "--type", "SETTLEMENT_PROCESSED", "--count", "1", "--duration", "20s"));
        await().atMost(Duration.ofSeconds(10)).until(() -> server.platform().tap().watching() > 0);
        api.post("/collections/process-settlement",
                "{\"settlementId\":\"S1\",\"customerId\":\"CUST_001\",\"amount\":5,\"type\":\"payout\"}");
        CliRun run = tail.get();
        assertThat(run.out()).contains("type: SETTLEMENT_PROCESSED").contains("settlementId: S1")
                .contains("source: collections").doesNotContain("SETTLEMENT_UPDATE");
    }

    @Test
    void deadLettersAndFlagsAreReachable() throws Exception {
        assertThat(cli("dlq", "list", "--url", url, "--data-dir", data).out()).contains("no dead letters");
        assertThat(cli("dlq", "show", "nope", "--url", url, "--data-dir", data).out()).contains("DEAD_LETTER_NOT_FOUND");

        assertThat(cli("flags", "show", "--url", url, "--data-dir", data).out()).contains("codec:").contains("binary");
        Path flags = Files.writeString(dir.resolve("flags.yaml"),
                "wire:\n  flags:\n    codec: {enabled: true, codec: yaml, rolloutPercentage: 10, fallback: binary}\n");
        CliRun set = cli("flags", "set", flags.toString(), "--url", url, "--data-dir", data);
        assertThat(set.exit()).isZero();
        assertThat(set.out()).contains("who: admin#k_") // the audit names the key's holder
                .contains("new: \"{enabled: true, codec: yaml, rolloutPercentage: 10, fallback: binary}\"");
        CliRun claimed = cli("flags", "fallback", "--by", "bob", "--url", url, "--data-dir", data);
        assertThat(claimed.exit()).isEqualTo(1);
        assertThat(claimed.out()).contains("400 IDENTITY_MISMATCH");
        assertThat(cli("flags", "fallback", "--by", "admin", "--url", url, "--data-dir", data).exit()).isZero();
        assertThat(cli("flags", "audit", "--url", url, "--data-dir", data).out()).contains("admin#k_")
                .doesNotContain("bob");
        Path broken = Files.writeString(dir.resolve("broken.yaml"), "flags:\n  codec: {codec: morse}\n");
        assertThat(cli("flags", "set", broken.toString(), "--url", url, "--data-dir", data).out()).contains("400");
    }

    @Test
    void decodeRendersAWireFrameAsYaml() throws Exception {
        var event = new SettlementProcessed("PEN_001", "CUST_001", SettlementType.PAYOUT, Money.of("166.67"), null,
                "wire_transfer", Instant.parse("2025-01-26T15:30:00Z"), "CONF_PEN_001_1", Money.of("266.67"));
        var envelope = new Envelope<>("msg_1", "SETTLEMENT_PROCESSED", "corr_1", null, "collections", "notifications",
                Instant.parse("2025-01-26T15:30:00Z"), event);
        var codecs = DecodeCommand.platformCodecsForTests();
        byte[] frame = new WireEncoder(codecs, new SimpleMeterRegistry())
                .encode(envelope, WireFlags.defaults().resolve("collections", "notifications", "corr_1"));
        Path file = Files.write(dir.resolve("frame.bin"), frame);
        CliRun run = cli("decode", file.toString());
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("SETTLEMENT_PROCESSED").contains("PEN_001").contains("corr_1");
        Path garbage = Files.write(dir.resolve("garbage.bin"), new byte[] {1, 2, 3});
        CliRun bad = cli("decode", garbage.toString());
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.out()).contains("MALFORMED_FRAME");
        Path tagged = Files.writeString(dir.resolve("g.yaml"), "type: !!javax.script.ScriptEngineManager x\npayload: {}\n");
        assertThat(cli("send", tagged.toString(), "--url", url, "--data-dir", data).exit()).isEqualTo(1);
    }

    @Test
    void deadLettersAreStoredInTheDataDirectoryAndOutliveARestart() throws Exception {
        Path data = dir.resolve("data");
        server.stop();
        assertThat(data.resolve("deadletters.db")).exists();
        // A letter the previous run could not handle, as that run's runtime stored it.
        Envelope<NoticeSent> envelope = new Envelope<>("msg_prev_1", "NoticeSent", "corr-before-restart", null,
                "notifications", MessageTap.ADDRESS.name(), Instant.parse("2026-12-05T09:00:00Z"),
                new NoticeSent("N-1", "CUST_001", "settlement", "S-1", "email"));
        try (Database db = SqliteDatabase.open(data.resolve("deadletters.db"), JdbcDeadLetterLog.MIGRATIONS)) {
            new JdbcDeadLetterLog(db, new ContractsPayloadCodec()).append(new DeadLetter(envelope,
                    "handler failed after 1 attempt: IllegalStateException: mail server down", "stack",
                    Instant.parse("2026-12-05T09:00:01Z"), "dl_prev_1"));
        }

        server = CrystalServer.start(CrystalServer.Settings.of(0, data));
        url = "http://127.0.0.1:" + server.port();
        CliRun list = cli("dlq", "list", "--url", url, "--data-dir", data.toString());
        assertThat(list.out()).contains("dl_prev_1").contains("HANDLER_FAILED").contains("tap");
        assertThat(cli("dlq", "list", "--yaml", "--url", url, "--data-dir", data.toString()).out()).contains("mail server down")
                .contains("corr-before-restart");
        assertThat(cli("dlq", "show", "dl_prev_1", "--url", url, "--data-dir", data.toString()).out()).contains("stack");
        assertThat(cli("dlq", "replay", "dl_prev_1", "--url", url, "--data-dir", data.toString()).exit()).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() ->
                cli("dlq", "list", "--url", url, "--data-dir", data.toString()).out().contains("no dead letters open"));
        assertThat(cli("dlq", "list", "--status", "resolved", "--url", url, "--data-dir", data.toString()).out()).contains("dl_prev_1");
    }

    private static CliRun cli(String... args) {
        return CliRun.of(args);
    }
}

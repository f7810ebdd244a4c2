package dev.crystal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crystal.runtime.DeadLetter;
import dev.crystal.runtime.DeadLetterReason;
import dev.crystal.runtime.Envelope;
import dev.crystal.server.http.MessageTap;
import dev.crystal.server.ops.AlertSettings;
import dev.crystal.server.ops.HealthSettings;
import dev.crystal.server.wire.CliRun;
import dev.crystal.settlement.assembly.ContractsPayloadCodec;
import dev.crystal.settlement.contracts.NoticeSent;
import dev.crystal.store.Database;
import dev.crystal.store.SqliteDatabase;
import dev.crystal.store.deadletter.JdbcDeadLetterLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's dead-letter and health workflow through the real server, its HTTP API and the CLI: a real
 * failure (a database lock) makes one letter whose attempts grow and which resolves after the fix; letters are
 * grouped, filtered, replayed and purged; {@code crystal_dead_letters} and {@code /health} follow them.
 * Thread ownership: the JUnit thread (CLI runs one at a time: System.out is global).
 */
class DeadLettersCockpitTest {
    @TempDir
    Path dir;
    private final List<CrystalServer> servers = new ArrayList<>();


    @AfterEach
    void stop() {
        servers.forEach(CrystalServer::stop);
    }

    private CrystalServer start(HealthSettings health) {
        CrystalServer server = CrystalServer.start(CrystalServer.Settings.of(0, dir.resolve("data")),
                AlertSettings.defaults(), health);
        servers.add(server);
        return server;
    }

    @Test
    void aSettlementBlockedByADatabaseLockIsOneReadableLetterResolvedOnceTheSettlementCompletes() throws Exception {
        CrystalServer server = start(HealthSettings.defaults());
        ApiClient api = new ApiClient(server);
        String url = "http://127.0.0.1:" + server.port();
        assertThat(api.post("/customers", "{\"customerId\":\"CUST_L\",\"openingBalance\":100.00}").status())
                .isEqualTo(201);

        try (Connection lock = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data/collections.db"));
             Statement s = lock.createStatement()) {
            s.execute("BEGIN EXCLUSIVE"); // another program holds the database: the settlement's write fails
            api.post("/collections/process-settlement",
                    "{\"settlementId\":\"S_LOCK\",\"customerId\":\"CUST_L\",\"amount\":5.00,\"type\":\"payout\"}");
            await().atMost(Duration.ofSeconds(30)).until(() -> openLetters(api).size() == 1);
            s.execute("ROLLBACK"); // the fix: the lock is gone
        }
        JsonNode letter = openLetters(api).get(0);
        String id = letter.path("id").asText();
        assertThat(letter.path("worker").asText()).isEqualTo("collections");
        assertThat(letter.path("reason").asText()).isEqualTo("HANDLER_FAILED");
        assertThat(letter.path("type").asText()).isEqualTo("PROCESS_SETTLEMENT");

        CliRun show = cli("dlq", "show", id, "--url", url, "--data-dir", dir.resolve("data").toString());
        assertThat(show.out()).contains("errorDetail: |").contains("SQLITE_BUSY").contains("\n    at ")
                .contains("status: open").contains("settlementId: S_LOCK").doesNotContain("\\n\\tat");
        // the client sends the settlement again (a new message): it completes, and its letter resolves by itself
        ApiClient.Response again = api.post("/collections/process-settlement",
                "{\"settlementId\":\"S_LOCK\",\"customerId\":\"CUST_L\",\"amount\":5.00,\"type\":\"payout\"}");
        assertThat(again.status()).as(String.valueOf(again.body())).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> openLetters(api).isEmpty());
        JsonNode resolved = api.get("/dlq/" + id).body();
        assertThat(resolved.path("status").asText()).isEqualTo("resolved");
        assertThat(resolved.path("resolvedBy").asText()).isEqualTo("settlement S_LOCK completed later");
        assertThat(cli("dlq", "replay", "--all", "--reason", "HANDLER_FAILED", "--url", url, "--data-dir", dir.resolve("data").toString()).out())
                .contains("replayed 0 dead letter(s)");
        assertThat(cli("dlq", "list", "--url", url, "--data-dir", dir.resolve("data").toString()).out()).contains("0 open, 1 resolved")
                .contains("no dead letters open (see --status resolved)");
        assertThat(cli("dlq", "list", "--status", "resolved", "--url", url, "--data-dir", dir.resolve("data").toString()).out()).contains(id).contains("resolved");
    }

    @Test
    void aMessageFailingOnEveryReplayIsOneLetterCountingAttemptsUntilItIsHandled() {
        CrystalServer server = start(HealthSettings.defaults());
        ApiClient api = new ApiClient(server);
        String url = "http://127.0.0.1:" + server.port();
        api.post("/customers", "{\"customerId\":\"CUST_T\",\"openingBalance\":100.00}");
        // a live-tail client whose sink breaks: the tap worker's handler fails on the events it forwards
        AtomicBoolean broken = new AtomicBoolean(true);
        server.platform().tap().watch(new MessageTap.Watcher(null, "SETTLEMENT_PROCESSED", document -> {
            if (broken.get()) {
                throw new IllegalStateException("tail client gone");
            }
        }));
        api.post("/collections/process-settlement",
                "{\"settlementId\":\"S_TAP\",\"customerId\":\"CUST_T\",\"amount\":5.00,\"type\":\"payout\"}");
        await().atMost(Duration.ofSeconds(30)).until(() -> openLetters(api).size() == 1);
        String id = openLetters(api).get(0).path("id").asText();
        assertThat(openLetters(api).get(0).path("worker").asText()).isEqualTo("tap");

        for (int attempts = 2; attempts <= 3; attempts++) {
            assertThat(cli("dlq", "replay", id, "--url", url, "--data-dir", dir.resolve("data").toString()).exit()).isZero();
            int expected = attempts;
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    openLetters(api).get(0).path("attempts").asInt() == expected);
            assertThat(openLetters(api)).singleElement().satisfies(d -> assertThat(d.path("id").asText()).isEqualTo(id));
        }
        JsonNode open = api.get("/dlq/" + id + "?frames=true").body();
        assertThat(open.path("errorDetail").asText()).startsWith("IllegalStateException: tail client gone\n  at ");
        assertThat(open.path("error").asText()).isEqualTo("tail client gone");
        assertThat(api.get("/dlq/" + id).body().has("errorDetail")).isFalse();
        assertThat(open.path("lastFailedAt").asText()).isGreaterThan(open.path("firstFailedAt").asText());

        broken.set(false);
        assertThat(cli("dlq", "replay", id, "--url", url, "--data-dir", dir.resolve("data").toString()).exit()).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> openLetters(api).isEmpty());
        JsonNode resolved = api.get("/dlq/" + id).body();
        assertThat(resolved.path("status").asText()).isEqualTo("resolved");
        assertThat(resolved.path("attempts").asInt()).isEqualTo(3);
        assertThat(resolved.path("resolvedBy").asText()).isEqualTo(DeadLetter.RESOLVED_BY_REPLAY);
        assertThat(api.get("/dlq?status=all").body().path("deadLetters")).hasSize(1);
        CliRun replayResolved = cli("dlq", "replay", id, "--url", url, "--data-dir", dir.resolve("data").toString());
        assertThat(replayResolved.exit()).isEqualTo(1);
        assertThat(replayResolved.out()).contains("DEAD_LETTER_RESOLVED");
    }

    @Test
    void lettersAreGroupedFilteredReplayedAndPurgedThroughTheCliAndCountedOnMetrics() throws Exception {
        Instant now = Instant.now();
        seed(letter("dl_old_1", "m1", "tap", "handler failed after 1 attempt: IllegalStateException: mail down", now),
                letter("dl_old_2", "m2", "tap", "handler failed after 1 attempt: IllegalStateException: mail down", now),
                letter("dl_old_3", "m3", "notifications", "inbound NoticeSent is not a Foo", now),
                letter("dl_old_4", "m4", "notifications", "mailbox full (1000)", now));
        CrystalServer server = start(HealthSettings.defaults());
        ApiClient api = new ApiClient(server);
        String url = "http://127.0.0.1:" + server.port();

        CliRun list = cli("dlq", "list", "--url", url, "--data-dir", dir.resolve("data").toString());
        assertThat(list.exit()).isZero();
        assertThat(list.out()).contains("4 open, 0 resolved")
                .containsPattern("HANDLER_FAILED +tap +2 +2")
                .containsPattern("DECODE_FAILED +notifications +1 +1")
                .containsPattern("MAILBOX_FULL +notifications +1 +1")
                .containsPattern("ID +WORKER +TYPE +REASON +ATTEMPTS +AGE +STATUS")
                .containsPattern("dl_old_1 +tap +NoticeSent +HANDLER_FAILED +1 +\\d+[smhd] +open");
        assertThat(cli("dlq", "list", "--reason", "decode_failed", "--url", url, "--data-dir", dir.resolve("data").toString()).out())
                .contains("dl_old_3").doesNotContain("dl_old_1").doesNotContain("dl_old_4");
        assertThat(cli("dlq", "list", "--worker", "tap", "--url", url, "--data-dir", dir.resolve("data").toString()).out())
                .contains("dl_old_1").contains("dl_old_2").doesNotContain("dl_old_3");
        assertThat(cli("dlq", "list", "--yaml", "--reason", "MAILBOX_FULL", "--url", url, "--data-dir", dir.resolve("data").toString()).out())
                .contains("envelope:").contains("noticeId: N-m4");
        CliRun badReason = cli("dlq", "list", "--reason", "NOPE", "--url", url, "--data-dir", dir.resolve("data").toString());
        assertThat(badReason.exit()).isEqualTo(1);
        assertThat(badReason.out()).contains("INVALID_REASON").contains("HANDLER_FAILED");
        assertThat(api.get("/dlq?status=later").body().path("error").asText()).isEqualTo("INVALID_STATUS");

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(metrics(server))
                .containsPattern("crystal_dead_letters\\{[^}]*reason=\"HANDLER_FAILED\"[^}]*worker=\"tap\"[^}]*} 2\\.0")
                .containsPattern("crystal_dead_letters\\{[^}]*reason=\"DECODE_FAILED\"[^}]*worker=\"notifications\"[^}]*} 1\\.0"));

        CliRun replay = cli("dlq", "replay", "--all", "--reason", "HANDLER_FAILED", "--worker", "tap", "--url", url, "--data-dir", dir.resolve("data").toString());
        assertThat(replay.out()).contains("replayed 2 dead letter(s)");
        await().atMost(Duration.ofSeconds(10)).until(() ->
                api.get("/dlq?status=resolved").body().path("deadLetters").size() == 2);
        assertThat(openLetters(api)).extracting(d -> d.path("id").asText()).containsExactly("dl_old_3", "dl_old_4");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(metrics(server))
                .containsPattern("crystal_dead_letters\\{[^}]*reason=\"HANDLER_FAILED\"[^}]*worker=\"tap\"[^}]*} 0\\.0"));

        CliRun unconfirmed = cli("dlq", "purge", "--resolved", "--url", url, "--data-dir", dir.resolve("data").toString());
        assertThat(unconfirmed.exit()).isEqualTo(2);
        assertThat(unconfirmed.out()).contains("2 dead letter(s) match; nothing deleted");
        assertThat(api.get("/dlq?status=all").body().path("deadLetters").size()).isEqualTo(4);
        assertThat(cli("dlq", "purge", "--resolved", "--yes", "--url", url, "--data-dir", dir.resolve("data").toString()).out()).contains("purged 2 dead letter(s)");
        assertThat(cli("dlq", "purge", "--reason", "MAILBOX_FULL", "--yes", "--url", url, "--data-dir", dir.resolve("data").toString()).out())
                .contains("purged 1 dead letter(s)");
        assertThat(api.get("/dlq?status=all").body().path("deadLetters")).extracting(d -> d.path("id").asText())
                .containsExactly("dl_old_3");
        assertThat(api.delete("/dlq").body().path("error").asText()).isEqualTo("SELECTION_REQUIRED");
        assertThat(api.delete("/dlq?status=all").body().path("purged").asInt()).isEqualTo(1);
        assertThat(cli("dlq", "purge", "--url", url, "--data-dir", dir.resolve("data").toString()).exit()).isEqualTo(2);
        CliRun neither = cli("dlq", "replay", "--url", url, "--data-dir", dir.resolve("data").toString());
        assertThat(neither.exit()).isEqualTo(2);
        assertThat(neither.out()).contains("give a dead letter id or --all");
        for (String sub : new String[] {"list", "show", "replay", "purge"}) {
            CliRun help = cli("dlq", sub, "--help");
            assertThat(help.exit()).as(sub).isZero();
            assertThat(help.out()).as(sub).contains("Usage:");
        }
        assertThat(cli("dlq", "list", "--help").out()).contains("--status").contains("--reason").contains("--worker");
    }

    @Test
    void healthIsDegradedWhileLettersWaitBeyondTheThresholdAndTheThresholdIsTheOperators() throws Exception {
        seed(letter("dl_wait_1", "w1", "tap", "handler failed after 1 attempt: IllegalStateException: down",
                Instant.now().minus(Duration.ofMinutes(10))));
        CrystalServer strict = start(HealthSettings.defaults());
        ApiClient api = new ApiClient(strict);
        ApiClient.Response health = api.get("/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().path("status").asText()).isEqualTo("DEGRADED");
        JsonNode letters = health.body().path("components").path("deadLetters");
        assertThat(letters.path("status").asText()).isEqualTo("DEGRADED");
        assertThat(letters.path("details").path("waitingLongerThanThreshold").asInt()).isEqualTo(1);
        assertThat(letters.path("details").path("byReason").path("HANDLER_FAILED").asInt()).isEqualTo(1);
        assertThat(health.body().path("workers").size()).isGreaterThan(5); // the list of earlier versions stays
        assertThat(api.get("/health/ready").body().path("status").asText()).isEqualTo("DEGRADED");
        strict.stop();
        servers.remove(strict);

        CrystalServer patient = start(new HealthSettings(Duration.ofHours(1), 1));
        assertThat(new ApiClient(patient).get("/health").body().path("status").asText()).isEqualTo("UP");
        patient.stop();
        servers.remove(patient);

        CrystalServer countsTwo = start(new HealthSettings(Duration.ofMinutes(5), 2));
        assertThat(new ApiClient(countsTwo).get("/health").body().path("status").asText()).isEqualTo("UP");
    }

    @Test
    void readyNamesEveryComponentAndIsDownWith503WhenADatabaseStopsAnswering() {
        CrystalServer server = start(HealthSettings.defaults());
        ApiClient api = new ApiClient(server);
        ApiClient.Response ready = api.get("/health/ready");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.body().path("status").asText()).isEqualTo("UP");
        JsonNode components = ready.body().path("components");
        assertThat(components.fieldNames()).toIterable().containsExactly("workers", "databases", "jobs", "deadLetters");
        assertThat(components.path("workers").path("components").path("collections").path("details")
                .path("state").asText()).isEqualTo("RUNNING");
        assertThat(components.path("databases").path("components").fieldNames()).toIterable()
                .contains("balance", "collections", "freeplay", "deadletters", "wireflags");
        assertThat(components.path("databases").path("components").path("balance").path("details").path("check")
                .asText()).isEqualTo("SELECT 1");
        assertThat(components.path("databases").path("components").path("balance").path("details")
                .path("statementsPrepared").isIntegralNumber()).as("SQLite's statement cache, seen by operators").isTrue();
        assertThat(components.path("databases").path("components").path("balance").path("details")
                .path("commitsWritten").asLong()).as("the ledger's durable commits (its start wrote)").isPositive();
        assertThat(components.path("jobs").path("status").asText()).isEqualTo("UP");

        server.platform().databases().get("freeplay").close();

        ApiClient.Response down = api.get("/health/ready");
        assertThat(down.status()).isEqualTo(503);
        assertThat(down.body().path("status").asText()).isEqualTo("DOWN");
        JsonNode freeplay = down.body().path("components").path("databases").path("components").path("freeplay");
        assertThat(freeplay.path("status").asText()).isEqualTo("DOWN");
        assertThat(freeplay.path("details").path("error").asText()).contains("freeplay.db").contains("closed");
        assertThat(down.body().path("components").path("databases").path("components").path("balance")
                .path("status").asText()).isEqualTo("UP");
        assertThat(api.get("/health").status()).isEqualTo(503);
        ApiClient.Response live = api.get("/health/live");
        assertThat(live.status()).isEqualTo(200);
        assertThat(live.body().path("status").asText()).isEqualTo("UP");
    }

    private static List<JsonNode> openLetters(ApiClient api) {
        List<JsonNode> out = new ArrayList<>();
        api.get("/dlq").body().path("deadLetters").forEach(out::add);
        return out;
    }

    private static String metrics(CrystalServer server) {
        return new ApiClient(server).text("/metrics");
    }

    private static DeadLetter letter(String id, String messageId, String worker, String reason, Instant at) {
        Envelope<NoticeSent> envelope = new Envelope<>(messageId, "NoticeSent", "corr-" + messageId, null,
                "notifications", worker, at, new NoticeSent("N-" + messageId, "CUST_001", "settlement", "S-1", "email"));
        return new DeadLetter(envelope, reason, "IllegalStateException: down\n  at a.B.c(B.java:1)\n", at, id);
    }

    /** Letters a previous run of the platform left in the data directory. */
    private void seed(DeadLetter... letters) {
        Path data = dir.resolve("data");
        try {
            Files.createDirectories(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (Database db = SqliteDatabase.open(data.resolve("deadletters.db"), JdbcDeadLetterLog.MIGRATIONS)) {
            JdbcDeadLetterLog log = new JdbcDeadLetterLog(db, new ContractsPayloadCodec());
            for (DeadLetter letter : letters) {
                log.append(letter);
            }
        }
        assertThat(DeadLetterReason.classify(letters[0].reason())).isNotNull();
    }

    private static CliRun cli(String... args) {
        return CliRun.of(args);
    }
}

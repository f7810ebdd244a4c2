package dev.crystal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crystal.jobs.AddResult;
import dev.crystal.jobs.JobOptions;
import dev.crystal.server.cli.CrystalCommand;
import dev.crystal.settlement.assembly.DomainSettings;
import dev.crystal.settlement.collections.domain.RetryPolicy;
import dev.crystal.settlement.jobs.PlatformQueues;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The platform's background work runs on durable jobs, visible and controllable over HTTP and the CLI. */
class JobsApiTest {
    @TempDir
    Path dataDir;
    CrystalServer server;
    ApiClient api;

    @BeforeEach
    void start() {
        server = CrystalServer.start(CrystalServer.Settings.of(0, dataDir).withDomains(
                DomainSettings.defaults().withSettlementRetry(new RetryPolicy(1, Duration.ofMinutes(10)))));
        api = new ApiClient(server);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void aFailedCollectionLeavesADurableDelayedRetryJobWithItsCorrelationId() {
        api.post("/customers", "{\"customerId\":\"CUST_001\",\"openingBalance\":1.00}");
        JsonNode failed = api.post("/collections/process-settlement",
                "{\"settlementId\":\"PEN_001\",\"customerId\":\"CUST_001\",\"amount\":5,\"type\":\"collection\"}").body();
        assertThat(failed.get("nextRetryAt").asText()).isNotBlank();

        JsonNode queues = api.get("/jobs/queues").body().get("queues");
        assertThat(queues).extracting(q -> q.get("queue").asText())
                .contains(PlatformQueues.SETTLEMENT_RETRIES, PlatformQueues.BONUS_EXPIRY, PlatformQueues.COMMISSION_RUNS);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            JsonNode jobs = api.get("/jobs/queues/settlement-retries/jobs?state=delayed").body().get("jobs");
            assertThat(jobs).singleElement().satisfies(job -> {
                assertThat(job.get("id").asText()).isEqualTo("retry-PEN_001-0");
                assertThat(job.get("correlationId").asText()).isEqualTo(failed.get("correlationId").asText());
                assertThat(job.get("data").get("settlementId").asText()).isEqualTo("PEN_001");
            });
        });
        JsonNode one = api.get("/jobs/queues/settlement-retries/jobs/retry-PEN_001-0").body();
        assertThat(one.get("history")).isNotEmpty();
        assertThat(api.get("/jobs/queues/nope").status()).isEqualTo(404);
        assertThat(api.get("/jobs/queues/settlement-retries/jobs?state=bogus").status()).isEqualTo(400);
        assertThat(api.post("/jobs/queues/settlement-retries/jobs/retry-PEN_001-0/retry", "").status())
                .isEqualTo(409); // only failed jobs can be retried
    }

    @Test
    void aCommissionRunJobCalculatesAndPaysLastMonthsCommissions() {
        api.post("/customers", "{\"customerId\":\"CUST_001\",\"openingBalance\":500.00}");
        api.post("/affiliates", "{\"affiliateId\":\"AFF_001\",\"commissionRate\":10}");
        api.post("/affiliates/AFF_001/customers", "{\"customerId\":\"CUST_001\"}");
        api.post("/collections/process-settlement",
                "{\"settlementId\":\"S1\",\"customerId\":\"CUST_001\",\"amount\":300,\"type\":\"collection\"}");
        String period = YearMonth.now(ZoneOffset.UTC).toString();
        var added = server.platform().jobs().queue(PlatformQueues.COMMISSION_RUNS)
                .add("run", Map.of("period", period), JobOptions.builder().correlationId("corr_run_1").build());
        String id = ((AddResult.Added) added).id();

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            JsonNode job = api.get("/jobs/queues/commission-runs/jobs/" + id).body();
            assertThat(job.get("state").asText()).isEqualTo("completed");
            assertThat(job.get("returnValue").get("paid")).hasSize(1);
        });
        JsonNode affiliate = api.get("/affiliates/AFF_001").body();
        assertThat(affiliate.get("statements").get(0).get("status").asText()).isEqualTo("paid");
        assertThat(affiliate.get("statements").get(0).get("commission").get("totalAmount").toString())
                .isEqualTo("30.00");
    }

    @Test
    void theCliListsQueuesAndExplainsFailures() {
        // the key comes from --api-key here (CliAuthTest covers admin.key and CRYSTAL_API_KEY)
        String out = cli("jobs", "queues", "--url", "http://127.0.0.1:" + server.port(), "--api-key", api.key());
        assertThat(out).contains("QUEUE").contains("settlement-retries").contains("bonus-expiry");
        String missing = cli("jobs", "show", "nope", "1", "--url", "http://127.0.0.1:" + server.port(),
                "--api-key", api.key());
        assertThat(missing).contains("QUEUE_NOT_FOUND");
        String down = cli("jobs", "queues", "--url", "http://127.0.0.1:1");
        assertThat(down).contains("no Crystal platform answers at");
    }

    private static String cli(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try {
            CrystalCommand.commandLine().execute(args);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }
}

package dev.crystal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crystal.jobs.FlowJob;
import dev.crystal.jobs.FlowResult;
import dev.crystal.jobs.JobOptions;
import dev.crystal.jobs.JobQueue;
import dev.crystal.jobs.JobState;
import dev.crystal.jobs.Jobs;
import dev.crystal.jobs.UnrecoverableJobException;
import dev.crystal.jobs.WorkerOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the jobs pages and business tiles read: rates per queue, a page of one state with its total, a job with
 * progress, logs, parent and children, and settlements by outcome with the money moved as decimal strings.
 */
class JobsPagesApiTest {
    @TempDir
    Path dataDir;
    CrystalServer server;
    ApiClient api;
    Jobs jobs;

    @BeforeEach
    void start() {
        server = CrystalServer.start(CrystalServer.Settings.of(0, dataDir));
        api = new ApiClient(server);
        jobs = server.platform().jobs();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void aFlowParentListsItsChildrenAndEachChildItsParentWithProgressLogsAndRates() {
        FlowResult flow = jobs.flows().add(FlowJob.parent("ui-runs", "run", "2026-12", List.of(
                FlowJob.leaf("ui-kids", "partner", "ok"), FlowJob.leaf("ui-kids", "partner", "bad"))));
        String parentId = ((FlowResult.Added) flow).root().job().id();
        jobs.worker("ui-kids", job -> {
            if (job.data(String.class).equals("bad")) {
                throw new UnrecoverableJobException("partner p-2 has no bank account");
            }
            job.updateProgress(100);
            job.log("paid partner p-1");
            return "paid";
        }, WorkerOptions.defaults());
        await().atMost(Duration.ofSeconds(20)).until(() ->
                jobs.queue("ui-runs").job(parentId).orElseThrow().state() == JobState.FAILED
                && jobs.queue("ui-kids").counts().byState().getOrDefault(JobState.COMPLETED, 0L) == 1);

        JsonNode parent = api.get("/jobs/queues/ui-runs/jobs/" + parentId).body();
        assertThat(parent.get("state").asText()).isEqualTo("failed");
        assertThat(parent.get("failedReason").asText()).contains("no bank account");
        assertThat(parent.get("children")).hasSize(2);
        assertThat(parent.get("children").findValuesAsText("state")).containsExactlyInAnyOrder("completed", "failed");
        assertThat(parent.get("history").get(0).get("to").asText()).isEqualTo("WAITING_CHILDREN");

        JsonNode child = api.get("/jobs/queues/ui-kids/jobs/" + completedChild(parent)).body();
        assertThat(child.get("parent").get("queue").asText()).isEqualTo("ui-runs");
        assertThat(child.get("parent").get("id").asText()).isEqualTo(parentId);
        assertThat(child.get("progress").asInt()).isEqualTo(100);
        assertThat(child.get("logs").get(0).asText()).isEqualTo("paid partner p-1");
        assertThat(child.get("returnValue").asText()).isEqualTo("paid");
        assertThat(child.get("children")).isEmpty();

        JsonNode kids = queue(api.get("/jobs/queues").body(), "ui-kids");
        assertThat(kids.get("sinceStart").get("completed").asLong()).isEqualTo(1);
        assertThat(kids.get("sinceStart").get("failed").asLong()).isEqualTo(1);
        assertThat(kids.get("lastMinute").get("completed").asLong()).isEqualTo(1);
        assertThat(api.get("/jobs/queues/ui-runs").body().get("sinceStart").get("completed").asLong()).isZero();
    }

    @Test
    void aPageOfOneStateSaysHowManyJobsThatStateHolds() {
        JobQueue q = jobs.queue("ui-page");
        for (int i = 0; i < 30; i++) {
            q.add("later", i, JobOptions.builder().delay(Duration.ofHours(1)).build());
        }
        JsonNode second = api.get("/jobs/queues/ui-page/jobs?state=delayed&offset=25&limit=25").body();
        assertThat(second.get("state").asText()).isEqualTo("delayed");
        assertThat(second.get("total").asLong()).isEqualTo(30);
        assertThat(second.get("offset").asInt()).isEqualTo(25);
        assertThat(second.get("jobs")).hasSize(5);
        assertThat(api.get("/jobs/queues/ui-page/jobs?state=waiting").body().get("total").asLong()).isZero();
    }

    @Test
    void businessFiguresCountSettlementsByOutcomeAndMoneyMovedAsDecimalStrings() {
        assertThat(api.get("/ops/business").body().get("settlements").get("total").asLong()).isZero();
        api.post("/customers", "{\"customerId\":\"BIZ_1\",\"openingBalance\":100.00}");
        api.post("/collections/process-settlement", "{\"settlementId\":\"BIZ_S1\",\"customerId\":\"BIZ_1\","
                + "\"amount\":166.67,\"type\":\"payout\"}");
        api.post("/collections/process-settlement", "{\"settlementId\":\"BIZ_S2\",\"customerId\":\"BIZ_1\","
                + "\"amount\":20.10,\"type\":\"collection\"}");
        api.post("/collections/process-settlement", "{\"settlementId\":\"BIZ_S3\",\"customerId\":\"BIZ_1\","
                + "\"amount\":5000,\"type\":\"collection\"}");

        JsonNode business = api.get("/ops/business").body();
        JsonNode settlements = business.get("settlements");
        assertThat(settlements.get("total").asLong()).isEqualTo(3);
        assertThat(settlements.get("completed").asLong()).isEqualTo(2);
        assertThat(settlements.get("failed").asLong()).isEqualTo(1);
        assertThat(settlements.get("failedByError").get("INSUFFICIENT_FUNDS").asLong()).isEqualTo(1);
        assertThat(business.get("moneyMoved").get("payout").isTextual()).isTrue();
        assertThat(business.get("moneyMoved").get("payout").asText()).isEqualTo("166.67");
        assertThat(business.get("moneyMoved").get("collection").asText()).isEqualTo("20.10");
    }

    private static String completedChild(JsonNode parent) {
        for (JsonNode c : parent.get("children")) {
            if (c.get("state").asText().equals("completed")) {
                return c.get("id").asText();
            }
        }
        throw new AssertionError("no completed child in " + parent);
    }

    private static JsonNode queue(JsonNode body, String name) {
        for (JsonNode q : body.get("queues")) {
            if (q.get("queue").asText().equals(name)) {
                return q;
            }
        }
        throw new AssertionError("no queue " + name + " in " + body);
    }
}

package dev.crystal.server.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crystal.server.ApiClient;
import dev.crystal.server.CrystalServer;
import dev.crystal.server.http.Json;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A short, low-rate run against a live platform: outcomes, skipped kinds, progress and JSON. */
class LoadGeneratorTest {
    @TempDir
    Path dataDir;

    @Test
    void aShortRunSettlesRefusesOverdraftsAndIssuesBonuses() throws Exception {
        try (CrystalServer server = CrystalServer.start(CrystalServer.Settings.of(0, dataDir))) {
            LoadPlan plan = LoadPlan.of(URI.create("http://127.0.0.1:" + server.port()), 40, Duration.ofMillis(1500),
                    OperationMix.parse("payout=2,collection=1,overdraft=1,bonus=1")).withCustomers(5).withSeed(3)
                    .withApiKey(ApiClient.adminKey(server));
            List<LoadProgress> progress = new CopyOnWriteArrayList<>();
            LoadSummary summary = new LoadGenerator().run(plan, progress::add);

            assertThat(summary.sent()).isEqualTo(60);
            assertThat(summary.completed()).isEqualTo(60);
            assertThat(summary.errors()).isZero();
            assertThat(summary.mix()).isEqualTo("payout=2,collection=1,overdraft=1,bonus=1");
            assertThat(summary.notes()).noneSatisfy(n -> assertThat(n).contains("skipped"));
            assertThat(summary.outcomes()).containsKeys("payout 200 completed", "overdraft 200 failed INSUFFICIENT_FUNDS",
                    "bonus 201 active");
            assertThat(summary.outcomes().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(60);
            assertThat(summary.latencyMs().p99()).isGreaterThanOrEqualTo(summary.latencyMs().p50()).isPositive();
            assertThat(progress).isNotEmpty();
            assertThat(summary.table()).contains("achieved rate", "overdraft 200 failed INSUFFICIENT_FUNDS");

            ObjectMapper json = Json.mapper();
            JsonNode written = json.readTree(json.writeValueAsString(summary));
            assertThat(written.get("latencyMs").has("p99")).isTrue();
            assertThat(written.get("outcomes").get("payout 200 completed").asLong()).isPositive();
            List<String> fields = new ArrayList<>();
            written.fieldNames().forEachRemaining(fields::add);
            assertThat(fields).contains("achievedRate", "sent", "completed", "dropped", "errors", "notes", "audit",
                    "cpu", "settlements", "timeline");

            // every settlement sent was looked up afterwards: the overdrafts failed, the rest completed
            LoadSummary.Audit audit = summary.audit();
            long settlementsSent = summary.outcomes().entrySet().stream()
                    .filter(e -> e.getKey().startsWith("payout") || e.getKey().startsWith("collection")
                            || e.getKey().startsWith("overdraft")).mapToLong(Map.Entry::getValue).sum();
            assertThat(audit.checked()).isEqualTo(settlementsSent).isEqualTo(summary.settlements());
            assertThat(audit.failed()).isEqualTo(summary.outcomes().get("overdraft 200 failed INSUFFICIENT_FUNDS"));
            assertThat(audit.completed() + audit.failed()).isEqualTo(audit.checked());
            assertThat(audit.pending() + audit.missing() + audit.unreadable()).isZero();
            // the platform's CPU time came from /metrics (process_cpu_seconds_total), before and after
            assertThat(summary.cpu()).isNotNull();
            assertThat(summary.cpu().seconds()).isPositive();
            assertThat(summary.cpu().msPerSettlement()).isPositive();
            assertThat(summary.table()).contains("platform CPU", "audit", "completed");
            assertThat(summary.withFsyncMicros(2000).fsync().settlementsPerFsync())
                    .isCloseTo(summary.settlementRate() * 0.002, Offset.offset(1e-9));
        }
    }

    @Test
    void aWarmUpOffersTheSameLoadFirstAndCountsNoneOfItButAuditsItsSettlements() throws Exception {
        try (CrystalServer server = CrystalServer.start(CrystalServer.Settings.of(0, dataDir))) {
            LoadPlan plan = LoadPlan.of(URI.create("http://127.0.0.1:" + server.port()), 40, Duration.ofMillis(1000),
                    OperationMix.parse("payout=1")).withCustomers(2).withSeed(9).withApiKey(ApiClient.adminKey(server));
            List<String> answered = new CopyOnWriteArrayList<>();
            List<LoadProgress> progress = new CopyOnWriteArrayList<>();
            LoadSummary summary = new LoadGenerator(true, Duration.ofMillis(1000)).run(plan, new LoadListener() {
                @Override
                public void onProgress(LoadProgress p) {
                    progress.add(p);
                }

                @Override
                public void onAnswer(OperationKind kind, String id, Supplier<HttpRequest> r,
                                     int status, String body) {
                    answered.add(id);
                }
            });

            // the measured run is the plan's 40 requests; the warm-up's 40 came first and are in no figure
            assertThat(summary.sent()).isEqualTo(40);
            assertThat(summary.settlements()).isEqualTo(40);
            assertThat(summary.outcomes().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(40);
            assertThat(summary.notes()).anySatisfy(n -> assertThat(n).startsWith("warm-up: 40 requests over 1.0 s"));
            assertThat(progress).allSatisfy(p -> assertThat(p.sent()).isLessThanOrEqualTo(40));
            // but they were real operations: the listener heard them, and the audit looked every one up
            assertThat(answered).hasSize(80).doesNotHaveDuplicates();
            assertThat(summary.audit().checked()).isEqualTo(80);
            assertThat(summary.audit().completed()).isEqualTo(80);
        }
    }

    @Test
    void theHealthTargetLoadsOnlyTheHttpEdge() throws Exception {
        try (CrystalServer server = CrystalServer.start(CrystalServer.Settings.of(0, dataDir))) {
            LoadPlan plan = LoadPlan.of(URI.create("http://127.0.0.1:" + server.port()), 200, Duration.ofSeconds(1),
                    OperationMix.parse("payout=1")).withWorkload(Workload.HEALTH)
                    .withApiKey(ApiClient.adminKey(server));
            List<String> customers = new CopyOnWriteArrayList<>();
            LoadSummary summary = new LoadGenerator().run(plan, new LoadListener() {
                @Override
                public void onProgress(LoadProgress progress) {
                }

                @Override
                public void onCustomers(String prefix, int count) {
                    customers.add(prefix);
                }
            });
            assertThat(summary.sent()).isEqualTo(200);
            assertThat(summary.outcomes()).containsOnlyKeys("health 200");
            assertThat(summary.workload()).isEqualTo("health");
            assertThat(summary.audit()).isNull();
            assertThat(summary.settlements()).isZero();
            assertThat(customers).as("no customers for the edge alone").isEmpty();
        }
    }

    @Test
    void findMaxStepsUpUntilTheP99NoLongerHolds() throws Exception {
        try (CrystalServer server = CrystalServer.start(CrystalServer.Settings.of(0, dataDir))) {
            LoadPlan plan = LoadPlan.of(URI.create("http://127.0.0.1:" + server.port()), 10, Duration.ofSeconds(1),
                    OperationMix.parse("payout=1")).withCustomers(2).withSeed(9)
                    .withApiKey(ApiClient.adminKey(server));
            // a generous limit holds at every step: the search ends at its step count
            FindMax.Result generous = new LoadGenerator().findMax(plan, new FindMax(60_000, Duration.ofSeconds(1), 2, 2),
                    LoadListener.SILENT);
            assertThat(generous.steps()).hasSize(2);
            assertThat(generous.steps()).extracting(LoadSummary::plannedRate).containsExactly(10.0, 20.0);
            assertThat(generous.highestHeldRate()).isEqualTo(20.0);
            assertThat(generous.stoppedBecause()).contains("2 steps");
            assertThat(generous.audit().checked()).isEqualTo(30);
            assertThat(generous.audit().completed()).isEqualTo(30);
            assertThat(generous.table()).contains("highest rate that held: 20 req/s");
            // a limit no HTTP answer can meet fails the first step, and says why
            FindMax.Result impossible = new LoadGenerator(false).findMax(plan,
                    new FindMax(0.000_001, Duration.ofSeconds(1), 2, 5), LoadListener.SILENT);
            assertThat(impossible.steps()).hasSize(1);
            assertThat(impossible.highestHeldRate()).isZero();
            assertThat(impossible.stoppedBecause()).contains("10 req/s did not hold: p99");
            assertThat(impossible.audit()).isNull();
        }
    }

    @Test
    void aSpikeOffersTheFullRateOnlyInTheMiddleOfTheRun() throws Exception {
        try (CrystalServer server = CrystalServer.start(CrystalServer.Settings.of(0, dataDir))) {
            LoadPlan plan = LoadPlan.of(URI.create("http://127.0.0.1:" + server.port()), 100, Duration.ofSeconds(2),
                    OperationMix.parse("payout=1")).withWorkload(Workload.HEALTH).withProfile(RateProfile.SPIKE)
                    .withApiKey(ApiClient.adminKey(server));
            LoadSummary summary = new LoadGenerator().run(plan, LoadListener.SILENT);
            // 20/s for 80 % of 2 s, 100/s for 20 % of it: 32 + 40 requests (give or take the edges)
            assertThat(summary.sent()).isBetween(68L, 76L);
            assertThat(summary.profile()).isEqualTo("spike");
            assertThat(RateProfile.RAMP.rateAt(100, 0)).isEqualTo(10);
            assertThat(RateProfile.RAMP.rateAt(100, 1)).isEqualTo(100);
            assertThat(RateProfile.SPIKE.rateAt(100, 0.5)).isEqualTo(100);
            assertThat(RateProfile.SPIKE.rateAt(100, 0.9)).isEqualTo(20);
        }
    }

    @Test
    void tellsWhichCustomersItCreated() throws Exception {
        try (CrystalServer server = CrystalServer.start(CrystalServer.Settings.of(0, dataDir))) {
            URI target = URI.create("http://127.0.0.1:" + server.port());
            LoadPlan plan = LoadPlan.of(target, 20, Duration.ofMillis(200), OperationMix.parse("payout=1"))
                    .withCustomers(3).withSeed(5)
                    .withApiKey(ApiClient.adminKey(server));
            List<String> told = new CopyOnWriteArrayList<>();
            new LoadGenerator().run(plan, new LoadListener() {
                @Override
                public void onProgress(LoadProgress progress) {
                }

                @Override
                public void onCustomers(String customerIdPrefix, int customers) {
                    told.add(customerIdPrefix + "|" + customers);
                }
            });
            assertThat(told).hasSize(1);
            String prefix = told.getFirst().split("\\|")[0];
            assertThat(told.getFirst()).endsWith("|3");
            ApiClient api = new ApiClient(server);
            for (int i = 0; i < 3; i++) {
                assertThat(api.get("/customers/" + prefix + i + "/balance").status()).as(prefix + i).isEqualTo(200);
            }
        }
    }
}

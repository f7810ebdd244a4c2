package dev.crystal.server.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crystal.server.CrystalServer;
import dev.crystal.server.http.Json;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.crystal.server.ApiClient;

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
            assertThat(fields).contains("achievedRate", "sent", "completed", "dropped", "errors", "notes");
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

package dev.crystal.server.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code crystal chaos} as CI runs it: a real process that starts real {@code crystal serve} children, kills one with
 * SIGKILL and stops one with SIGTERM under load, and audits the SQLite files; and on a three-node cluster (its own
 * {@code redis-server}, PostgreSQL schemas dropped afterwards) the failover after a SIGKILL of the holder that is
 * never restarted, bounded to about two minutes of load and grace. Ports 18800–18809 (embedded), 18810–18812 and
 * Redis 18813 (cluster).
 */
@Tag("system")
class ChaosCommandProcessTest {
    @TempDir
    Path dir;

    @Test
    void sigkillAndSigtermUnderLoadLeaveACleanTableInEmbeddedMode() throws Exception {
        Path json = dir.resolve("chaos.json");
        String output = chaos(json, "--mode", "embedded", "--fault", "sigkill,sigterm", "--duration", "10s", "--rate",
                "20", "--port", "18800");
        assertClean(json, output, "sigkill", "sigterm");
    }

    @Test
    void aKilledHolderThatIsNeverRestartedLeavesACleanTableOnAThreeNodeCluster() throws Exception {
        Path json = dir.resolve("chaos.json");
        String output = chaos(json, "--mode", "cluster", "--fault", "sigkill-no-restart", "--duration", "10s",
                "--rate", "20", "--grace", "60s", "--port", "18810", "--redis-port", "18813");
        assertClean(json, output, "sigkill-no-restart");
        assertThat(output).contains("took collections over");
    }

    /** Runs {@code crystal chaos} with {@code args} and the JSON report to {@code json}; answers its output. */
    private String chaos(Path json, String... args) throws Exception {
        Path out = dir.resolve("chaos.out");
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(java, "--sun-misc-unsafe-memory-access=allow",
                "--enable-native-access=ALL-UNNAMED", "-cp", classpath, "dev.crystal.server.cli.CrystalCommand", "chaos",
                "--work-dir", dir.resolve("work").toString(), "--json", json.toString()));
        command.addAll(List.of(args));
        Process chaos = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        boolean ended = chaos.waitFor(10, TimeUnit.MINUTES);
        if (!ended) {
            chaos.destroyForcibly();
        }
        String output = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(ended).as("crystal chaos ended\n" + output).isTrue();
        assertThat(chaos.exitValue()).as(output).isZero();
        return output;
    }

    private static void assertClean(Path json, String output, String... expectedFaults) throws Exception {
        JsonNode rows = new ObjectMapper().readTree(json.toFile()).get("rows");
        List<String> faults = new ArrayList<>();
        for (JsonNode row : rows) {
            faults.add(row.get("fault").asText());
            assertThat(row.get("result").asText()).as(output).isEqualTo("clean");
            assertThat(row.get("acknowledged").asLong()).as(output).isPositive();
            assertThat(row.get("lost").asLong() + row.get("duplicated").asLong() + row.get("stuck").asLong()
                    + row.get("orphans").asLong() + row.get("accountsOff").asLong()).isZero();
            assertThat(row.get("ledgerSum").decimalValue()).isZero();
        }
        assertThat(faults).containsExactly(expectedFaults);
        assertThat(output).contains(expectedFaults.length + " row(s), all clean");
    }
}

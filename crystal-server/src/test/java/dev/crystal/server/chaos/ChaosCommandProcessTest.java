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
 * SIGKILL and stops one with SIGTERM under load, and audits the SQLite files. Ports 18800–18809.
 */
@Tag("system")
class ChaosCommandProcessTest {
    @TempDir
    Path dir;

    @Test
    void sigkillAndSigtermUnderLoadLeaveACleanTableInEmbeddedMode() throws Exception {
        Path json = dir.resolve("chaos.json");
        Path out = dir.resolve("chaos.out");
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process chaos = new ProcessBuilder(List.of(java, "--sun-misc-unsafe-memory-access=allow",
                "--enable-native-access=ALL-UNNAMED", "-cp", classpath, "dev.crystal.server.cli.CrystalCommand", "chaos",
                "--mode", "embedded", "--fault", "sigkill,sigterm", "--duration", "10s", "--rate", "20",
                "--port", "18800", "--work-dir", dir.resolve("work").toString(), "--json", json.toString()))
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        boolean ended = chaos.waitFor(10, TimeUnit.MINUTES);
        if (!ended) {
            chaos.destroyForcibly();
        }
        String output = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(ended).as("crystal chaos ended\n" + output).isTrue();
        assertThat(chaos.exitValue()).as(output).isZero();

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
        assertThat(faults).containsExactly("sigkill", "sigterm");
        assertThat(output).contains("fault    mode      acknowledged").contains("2 row(s), all clean");
    }
}

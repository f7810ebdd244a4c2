package dev.crystal.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.crystal.server.ops.AlertSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every YAML input goes through the one safe reader: duplicate keys and extreme numbers are refused, fast. */
class SafeYamlInputsTest {
    @TempDir
    Path dir;

    @Test
    void crystalYamlWithADuplicateKeyIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("crystal.yaml"), """
                wire:
                  flags:
                    codec: {enabled: true, codec: json, rolloutPercentage: 100, fallback: binary}
                wire:
                  flags: {}
                """);
        assertThatThrownBy(() -> PlatformConfig.flags(file)).hasMessageContaining("crystal.yaml")
                .hasMessageContaining("duplicate key 'wire'");
        Path nested = Files.writeString(dir.resolve("nested.yaml"), """
                wire:
                  flags:
                    codec: {enabled: true, enabled: false}
                """);
        assertThatThrownBy(() -> PlatformConfig.flags(nested)).hasMessageContaining("duplicate key 'enabled'");
        Path tagged = Files.writeString(dir.resolve("tagged.yaml"), "wire: !!javax.script.ScriptEngineManager x\n");
        assertThatThrownBy(() -> PlatformConfig.flags(tagged)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void alertRulesWithADuplicateKeyAreRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("alerts.yaml"), "p99LatencyMs: 100\np99LatencyMs: 5000\n");
        assertThatThrownBy(() -> AlertSettings.fromYaml(file)).hasMessageContaining("duplicate key 'p99LatencyMs'");
        Path fine = Files.writeString(dir.resolve("ok.yaml"), "p99LatencyMs: 250\nerrorRate: 0.05\n");
        assertThat(AlertSettings.fromYaml(fine).p99LatencyMs()).isEqualTo(250);
    }

    @Test
    void sendRefusesAnExtremeExponentAtOnce() throws Exception {
        Path message = Files.writeString(dir.resolve("m.yaml"), """
                type: SETTLEMENT_UPDATE
                payload:
                  settlement:
                    id: PEN_X
                    customerId: CUST_001
                    amount: 1e999999999
                    status: completed
                """);
        // no server needed: the file is refused before anything is sent
        Run run = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> cli("send", message.toString(), "--url",
                "http://127.0.0.1:9"));
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("too large").contains("40 digits").hasSizeLessThan(1_000);
    }

    record Run(int exit, String out) {
    }

    private static Run cli(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        int exit;
        System.setOut(capture);
        System.setErr(capture);
        try {
            exit = CrystalCommand.commandLine().execute(args);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return new Run(exit, buffer.toString(StandardCharsets.UTF_8));
    }
}

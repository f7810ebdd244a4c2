package dev.crystal.server.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crystal.server.cli.CrystalCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AlertSettingsTest {
    @TempDir
    Path dir;

    @Test
    void yamlOverridesSomeThresholdsAndKeepsTheOtherDefaults() throws Exception {
        Path file = Files.writeString(dir.resolve("alerts.yaml"), "p99LatencyMs: 250\nerrorRate: 0.05\nwindow: PT10S\n");
        AlertSettings s = AlertSettings.fromYaml(file);
        assertThat(s.p99LatencyMs()).isEqualTo(250);
        assertThat(s.errorRate()).isEqualTo(0.05);
        assertThat(s.window()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.mailboxFill()).isEqualTo(AlertSettings.DEFAULT_MAILBOX_FILL);
    }

    @Test
    void unknownKeysAndBadValuesAreRefusedClearly() throws Exception {
        Path unknown = Files.writeString(dir.resolve("a.yaml"), "p99Latency: 250\n");
        assertThatThrownBy(() -> AlertSettings.fromYaml(unknown)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("p99Latency");
        Path bad = Files.writeString(dir.resolve("b.yaml"), "errorRate: 1.5\n");
        assertThatThrownBy(() -> AlertSettings.fromYaml(bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("errorRate must be between 0 and 1");
    }

    @Test
    void serveRefusesABadRulesFileAsAUsageError() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "p99LatencyMs: -1\n");
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new CrystalCommand())
                .setErr(new PrintWriter(err)).execute("serve", "--alert-rules", bad.toString());
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("alert rules file", "p99LatencyMs must be positive, was -1.0");
    }
}

package dev.crystal.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crystal.server.ops.AlertingSettings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The {@code alerts:} section of crystal.yaml, and the serve flags that override it. */
class AlertsConfigTest {
    @TempDir
    Path dir;

    @Test
    void everyKeyOfTheAlertsSectionIsRead() throws Exception {
        Path file = Files.writeString(dir.resolve("crystal.yaml"), """
                alerts:
                  rules:
                    p99LatencyMs: 250
                    fireAfter: 20s
                    resolveAfter: 2m
                    resolveRatio: 0.7
                    queueGrowthJobs: 50
                    queueGrowthWindow: 1m
                  webhook: http://hooks.example:9000/crystal
                  alertmanager: http://alertmanager:9093
                  delivery: {attempts: 3, backoff: 2s, maxBackoff: 1m, timeout: 3s, resend: 2m, queue: 50}
                  history: {minutes: 25h, hours: 40d}
                """);
        AlertingSettings s = PlatformConfig.alerts(file);
        assertThat(s.rules().p99LatencyMs()).isEqualTo(250);
        assertThat(s.rules().fireAfter()).isEqualTo(Duration.ofSeconds(20));
        assertThat(s.rules().resolveAfter()).isEqualTo(Duration.ofMinutes(2));
        assertThat(s.rules().resolveRatio()).isEqualTo(0.7);
        assertThat(s.rules().queueGrowthJobs()).isEqualTo(50);
        assertThat(s.rules().queueGrowthWindow()).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.delivery().webhook()).isEqualTo(URI.create("http://hooks.example:9000/crystal"));
        assertThat(s.delivery().alertmanager()).isEqualTo(URI.create("http://alertmanager:9093"));
        assertThat(s.delivery().attempts()).isEqualTo(3);
        assertThat(s.delivery().backoff()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.delivery().maxBackoff()).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.delivery().timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(s.delivery().resend()).isEqualTo(Duration.ofMinutes(2));
        assertThat(s.delivery().queue()).isEqualTo(50);
        assertThat(s.history().minutes()).isEqualTo(Duration.ofHours(25));
        assertThat(s.history().hours()).isEqualTo(Duration.ofDays(40));
    }

    @Test
    void flagsWinOverTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("crystal.yaml"), "alerts:\n  webhook: http://file.example/hook\n");
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs("--alertmanager", "http://am.example:9093",
                "--alert-webhook", "http://flag.example/hook");
        AlertingSettings s = serve.alerting(PlatformConfig.alerts(file));
        assertThat(s.delivery().webhook()).isEqualTo(URI.create("http://flag.example/hook"));
        assertThat(s.delivery().alertmanager()).isEqualTo(URI.create("http://am.example:9093"));
    }

    @Test
    void unknownKeysAndBadValuesNameTheKey() throws Exception {
        Path unknown = Files.writeString(dir.resolve("a.yaml"), "alerts:\n  webhooks: http://x\n");
        assertThatThrownBy(() -> PlatformConfig.alerts(unknown)).hasMessageContaining("unknown key 'alerts.webhooks'")
                .hasMessageContaining("webhook");
        Path rule = Files.writeString(dir.resolve("b.yaml"), "alerts:\n  rules: {p99: 5}\n");
        assertThatThrownBy(() -> PlatformConfig.alerts(rule)).hasMessageContaining("alerts.rules: unknown key 'p99'");
        Path scheme = Files.writeString(dir.resolve("c.yaml"), "alerts:\n  alertmanager: ftp://am\n");
        assertThatThrownBy(() -> PlatformConfig.alerts(scheme))
                .hasMessageContaining("alerts.alertmanager must be an http:// or https:// URL");
        Path flap = Files.writeString(dir.resolve("d.yaml"), "alerts:\n  rules: {resolveAfter: 1s}\n");
        assertThatThrownBy(() -> PlatformConfig.alerts(flap)).hasMessageContaining("resolveAfter PT1S must be at least the window");
        Path history = Files.writeString(dir.resolve("e.yaml"), "alerts:\n  history: {minutes: 10m}\n");
        assertThatThrownBy(() -> PlatformConfig.alerts(history)).hasMessageContaining("alerts.history.minutes must be at least 2h");
    }
}

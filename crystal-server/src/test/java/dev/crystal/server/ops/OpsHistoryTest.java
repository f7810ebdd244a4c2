package dev.crystal.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crystal.runtime.WorkerHealth;
import dev.crystal.server.http.Json;
import dev.crystal.testsupport.ManualClock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample history on a manual clock: per-minute rows rolled up per hour, the minutes dropped after their
 * retention while the hours stay, and reports of each window adding up what the platform did in it, across restarts.
 */
class OpsHistoryTest {
    @TempDir
    Path dir;

    final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T00:00:00Z"));
    final AtomicLong processed = new AtomicLong();
    final OpsHistorySettings retention = new OpsHistorySettings(Duration.ofHours(3), Duration.ofDays(35));

    /** A monitor on the data directory whose one worker handles {@code perMinute} messages a minute. */
    OpsMonitor monitor() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        processed.set(0); // a restarted process counts from zero again
        MeterReader reader = new MeterReader(registry, () -> List.of(new WorkerHealth("balance",
                WorkerHealth.WorkerState.RUNNING, Duration.ofMinutes(5), processed.get(), 0, 0, 100, 0, 0, 0, 0,
                false)));
        return new OpsMonitor(reader, clock, AlertSettings.defaults(), Json.mapper(), 1 << 16,
                OpsStore.open(dir, retention), List.of());
    }

    /** Runs for {@code minutes}, ticking every 10 s, handling 6 messages per tick (36 a minute). */
    void run(OpsMonitor monitor, int minutes) {
        for (int i = 0; i < minutes * 6; i++) {
            processed.addAndGet(6);
            clock.advance(Duration.ofSeconds(10));
            monitor.tick();
        }
    }

    static long processed(Map<String, Object> report) {
        @SuppressWarnings("unchecked")
        Map<String, Object> metrics = (Map<String, Object>) report.get("metrics");
        return ((Number) metrics.get("messagesProcessed")).longValue();
    }

    long count(String resolution) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(OpsStore.FILE));
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM ops_samples WHERE kind = 'worker' AND resolution = '"
                     + resolution + "'")) {
            return rs.getLong(1);
        }
    }

    @Test
    void eachWindowAddsUpWhatHappenedInItAcrossRestartsFromMinutesThenHours() throws Exception {
        try (OpsMonitor first = monitor()) {
            first.tick();
            run(first, 5 * 60); // five hours
        }
        clock.advance(Duration.ofDays(2)); // down for two days
        try (OpsMonitor second = monitor()) {
            second.tick();
            run(second, 90);
            Map<String, Object> hour = second.report(ReportWindow.HOUR).orElseThrow();
            Map<String, Object> day = second.report(ReportWindow.DAY).orElseThrow();
            Map<String, Object> week = second.report(ReportWindow.WEEK).orElseThrow();
            Map<String, Object> month = second.report(ReportWindow.MONTH).orElseThrow();
            assertThat(processed(hour)).isEqualTo(60 * 36);
            assertThat(processed(day)).isEqualTo(90 * 36);
            assertThat(processed(week)).isEqualTo((5 * 60 + 90) * 36);
            assertThat(processed(month)).isEqualTo(processed(week));
            @SuppressWarnings("unchecked")
            Map<String, Object> period = (Map<String, Object>) day.get("period");
            assertThat(((Number) period.get("coveredSeconds")).longValue()).isEqualTo(90 * 60);
        }
        // minutes older than 3 h are gone wherever their hour is rolled up; the hours stay
        assertThat(count("hour")).isEqualTo(5 + 1);
        assertThat(count("minute")).isLessThan(90 + 60);
    }

    @Test
    void aPlatformThatNeverRanInTheWindowSaysSo() {
        try (OpsMonitor monitor = monitor()) {
            Map<String, Object> hour = monitor.report(ReportWindow.HOUR).orElseThrow();
            assertThat(processed(hour)).isZero();
            assertThat(monitor.renderReport(hour)).contains("window: 1h", "no samples in this window");
        }
    }
}

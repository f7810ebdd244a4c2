package dev.crystal.server.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crystal.runtime.WorkerHealth;
import dev.crystal.testsupport.ManualClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The default hysteresis (fire after 10 s, resolve after 30 s below 80 % of the limit) on a manual clock: the
 * latency alert that fired and resolved 9 times in 10-second cycles (issue 19) fires once and stays active.
 */
class AlertHysteresisTest {
    static final Duration STEP = Duration.ofSeconds(1);

    final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T10:00:00Z"));
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final AtomicLong processed = new AtomicLong();
    final AtomicLong depth = new AtomicLong();
    final AlertSettings settings = AlertSettings.defaults();
    final List<Alert> fired = new ArrayList<>();
    final List<Alert> resolved = new ArrayList<>();
    SnapshotSampler sampler;
    AlertEvaluator evaluator;
    Timer processing;

    @BeforeEach
    void setUp() {
        registry.config().meterFilter(PlatformMeters.finerLatencyHistograms());
        processing = Timer.builder(MeterReader.WORKER_PROCESSING).tag("worker", "collections")
                .publishPercentileHistogram().register(registry);
        MeterReader reader = new MeterReader(registry, () -> List.of(new WorkerHealth("collections",
                WorkerHealth.WorkerState.RUNNING, Duration.ofMinutes(5), processed.get(), 0,
                (int) depth.get(), 100, (int) depth.get(), 0, 0, 0, false)));
        sampler = new SnapshotSampler(reader, clock, settings.window(), settings.lookBack(),
                settings.queueGrowthWindow());
        evaluator = new AlertEvaluator(new AlertRules(settings), new Silences(), List.of((at, board, f, r) -> {
            fired.addAll(f);
            resolved.addAll(r);
        }));
        second(0);
    }

    /** One second of traffic: 30 messages taking {@code millis} each, then an evaluation. */
    AlertBoard second(long millis) {
        for (int i = 0; i < 30 && millis > 0; i++) {
            processing.record(millis, TimeUnit.MILLISECONDS);
        }
        processed.addAndGet(millis > 0 ? 30 : 0);
        clock.advance(STEP);
        return evaluator.evaluate(sampler.sample());
    }

    @Test
    void aLatencyHoveringAroundItsLimitInTenSecondCyclesFiresOnceAndDoesNotFlap() {
        for (int s = 0; s < 15; s++) {
            second(150);
        }
        assertThat(fired).hasSize(1);
        for (int cycle = 0; cycle < 18; cycle++) { // 3 minutes of 5 s slow, 5 s fast
            for (int s = 0; s < 5; s++) {
                second(150);
            }
            for (int s = 0; s < 5; s++) {
                second(20);
            }
        }
        assertThat(fired).as("fired").hasSize(1);
        assertThat(resolved).as("resolved while hovering").isEmpty();

        Instant calm = clock.instant();
        while (resolved.isEmpty()) {
            second(20);
        }
        assertThat(Duration.between(calm, clock.instant()))
                .isGreaterThanOrEqualTo(settings.resolveAfter()).isLessThan(settings.resolveAfter().plus(settings.window()).plusSeconds(2));
        assertThat(fired).hasSize(1);
    }

    @Test
    void aConditionShorterThanFireAfterNeverFires() {
        for (int round = 0; round < 6; round++) {
            for (int s = 0; s < 4; s++) {
                second(150);
            }
            for (int s = 0; s < 6; s++) {
                second(20); // the 5 s window forgets the slow spell before fireAfter (10 s) has passed
            }
        }
        assertThat(fired).isEmpty();
    }

    @Test
    void anAlertFiresAfterItsConditionHeldForFireAfterAndSaysSinceWhen() {
        Instant start = clock.instant();
        AlertBoard board = second(150);
        Instant began = clock.instant();
        while (board.active().isEmpty()) {
            board = second(150);
        }
        assertThat(Duration.between(began, clock.instant())).isEqualTo(settings.fireAfter());
        assertThat(board.active().get(0).since()).isEqualTo(began).isAfter(start);
    }

    @Test
    void anActiveAlertResolvesOnlyOnceTheFigureIsBelowTheResolveRatio() {
        depth.set(85);
        for (int s = 0; s <= settings.fireAfter().toSeconds(); s++) {
            second(0);
        }
        assertThat(fired).extracting(Alert::kind).containsExactly(AlertKind.MAILBOX_NEARLY_FULL);
        depth.set(75); // under the 80 % limit, over 80 % × 0.8 = 64 %
        for (int s = 0; s < 3 * settings.resolveAfter().toSeconds(); s++) {
            second(0);
        }
        assertThat(resolved).isEmpty();
        depth.set(60);
        for (int s = 0; s <= settings.resolveAfter().toSeconds(); s++) {
            second(0);
        }
        assertThat(resolved).extracting(Alert::kind).containsExactly(AlertKind.MAILBOX_NEARLY_FULL);
    }

    @Test
    void aRuleThatWouldResolveFasterThanItsWindowIsRefused() {
        assertThatThrownBy(() -> AlertSettings.defaults().withHysteresis(Duration.ZERO, Duration.ofSeconds(2), 0.8))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("resolveAfter PT2S must be at least the window PT5S");
        assertThatThrownBy(() -> AlertSettings.defaults().withHysteresis(Duration.ZERO, Duration.ofSeconds(30), 1.5))
                .hasMessageContaining("resolveRatio must be within (0, 1]");
    }
}

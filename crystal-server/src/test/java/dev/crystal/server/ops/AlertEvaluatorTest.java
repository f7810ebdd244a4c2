package dev.crystal.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crystal.runtime.WorkerHealth;
import dev.crystal.testsupport.ManualClock;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each default alert rule fires and resolves, driven by synthetic meters and a manual clock (with {@code fireAfter}
 * 0 so a rule fires on its first evaluation; {@link AlertHysteresisTest} covers the defaults' hysteresis).
 */
class AlertEvaluatorTest {
    static final Duration STEP = Duration.ofSeconds(1);
    static final Duration PAST_WINDOW = AlertSettings.DEFAULT_WINDOW.plusSeconds(1);

    final ManualClock clock = new ManualClock(Instant.parse("2026-01-26T15:30:00Z"));
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final AtomicLong processed = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final AtomicLong depth = new AtomicLong();
    final AlertSettings settings = AlertSettings.defaults().withHysteresis(Duration.ZERO,
            AlertSettings.DEFAULT_WINDOW, AlertSettings.DEFAULT_RESOLVE_RATIO);
    SnapshotSampler sampler;
    AlertEvaluator evaluator;
    Timer processing;

    @BeforeEach
    void setUp() {
        registry.config().meterFilter(PlatformMeters.finerLatencyHistograms());
        processing = Timer.builder(MeterReader.WORKER_PROCESSING).tag("worker", "balance")
                .publishPercentileHistogram().register(registry);
        MeterReader reader = new MeterReader(registry, () -> List.of(new WorkerHealth("balance",
                WorkerHealth.WorkerState.RUNNING, Duration.ofMinutes(5), processed.get(), errors.get(),
                (int) depth.get(), 100, (int) depth.get(), 0, 0, 0, false)));
        sampler = new SnapshotSampler(reader, clock, settings.window(), settings.lookBack(),
                settings.queueGrowthWindow());
        evaluator = new AlertEvaluator(new AlertRules(settings));
        tick(STEP); // baseline
    }

    AlertBoard tick(Duration advance) {
        clock.advance(advance);
        return evaluator.evaluate(sampler.sample());
    }

    /** Ticks until an alert whose condition is gone resolves, checking it does not resolve before resolveAfter. */
    AlertBoard resolveAfter(Duration first) {
        AlertBoard board = tick(first);
        Instant clearFrom = clock.instant();
        while (Duration.between(clearFrom, clock.instant()).compareTo(settings.resolveAfter()) < 0) {
            assertThat(board.active()).as("still active %s after its condition cleared",
                    Duration.between(clearFrom, clock.instant())).isNotEmpty();
            board = tick(STEP);
        }
        return board;
    }

    void handle(int n, long millisEach) {
        for (int i = 0; i < n; i++) {
            processing.record(millisEach, TimeUnit.MILLISECONDS);
        }
        processed.addAndGet(n);
    }

    static List<AlertKind> kinds(List<Alert> alerts) {
        return alerts.stream().map(Alert::kind).toList();
    }

    @Test
    void highLatencyFiresAboveP99LimitAndResolvesWhenTheWindowIsFast() {
        handle(50, 250);
        AlertBoard fired = tick(STEP);
        assertThat(fired.active()).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo(AlertKind.HIGH_LATENCY);
            assertThat(a.subject()).isEqualTo("balance");
            assertThat(a.value()).isGreaterThan(100);
            assertThat(a.since()).isEqualTo(clock.instant());
            assertThat(a.message()).contains("balance", "limit 100 ms");
        });
        Duration stillSince = Duration.between(fired.active().get(0).since(), clock.instant());
        assertThat(stillSince).isZero();

        handle(50, 2);
        AlertBoard resolved = resolveAfter(PAST_WINDOW);
        assertThat(resolved.active()).isEmpty();
        assertThat(resolved.resolved()).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo(AlertKind.HIGH_LATENCY);
            assertThat(a.resolvedAt()).isEqualTo(clock.instant());
        });
    }

    @Test
    void latencyIsNotJudgedOnTooFewMessages() {
        handle((int) settings.minMessages() - 1, 500);
        assertThat(tick(STEP).active()).isEmpty();
    }

    @Test
    void highErrorRateFiresAboveOnePercentAndResolves() {
        handle(95, 1);
        errors.addAndGet(5);
        AlertBoard fired = tick(STEP);
        assertThat(kinds(fired.active())).containsExactly(AlertKind.HIGH_ERROR_RATE);
        assertThat(fired.active().get(0).value()).isEqualTo(0.05);

        handle(200, 1);
        AlertBoard resolved = resolveAfter(PAST_WINDOW);
        assertThat(resolved.active()).isEmpty();
        assertThat(kinds(resolved.resolved())).containsExactly(AlertKind.HIGH_ERROR_RATE);
    }

    @Test
    void mailboxNearlyFullFiresAboveEightyPercentAndResolves() {
        depth.set(85);
        assertThat(kinds(tick(STEP).active())).containsExactly(AlertKind.MAILBOX_NEARLY_FULL);
        depth.set(60); // below 80 % × resolveRatio
        AlertBoard board = resolveAfter(STEP);
        assertThat(board.active()).isEmpty();
        assertThat(kinds(board.resolved())).containsExactly(AlertKind.MAILBOX_NEARLY_FULL);
    }

    @Test
    void workerRestartingFiresOnARestartAndResolvesAfterTheRestartWindow() {
        AtomicLong restarts = new AtomicLong();
        FunctionCounter.builder(MeterReader.WORKER_RESTARTS, restarts, AtomicLong::get).tag("worker", "balance")
                .register(registry);
        tick(STEP);
        restarts.incrementAndGet();
        AlertBoard fired = tick(STEP);
        assertThat(kinds(fired.active())).containsExactly(AlertKind.WORKER_RESTARTING);
        assertThat(fired.active().get(0).message()).contains("restarted 1 time(s)");

        tick(settings.restartWindow().minusSeconds(5));
        assertThat(kinds(tick(STEP).active())).containsExactly(AlertKind.WORKER_RESTARTING);
        AlertBoard resolved = resolveAfter(Duration.ofSeconds(10));
        assertThat(resolved.active()).isEmpty();
        assertThat(kinds(resolved.resolved())).containsExactly(AlertKind.WORKER_RESTARTING);
    }

    @Test
    void circuitBreakerOpenFiresWhileTheResilience4jBreakerIsOpen() {
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(registry);
        CircuitBreaker notifications = breakers.circuitBreaker("notifications");
        assertThat(tick(STEP).active()).isEmpty();

        notifications.transitionToOpenState();
        AlertBoard fired = tick(STEP);
        assertThat(kinds(fired.active())).containsExactly(AlertKind.CIRCUIT_BREAKER_OPEN);
        assertThat(fired.active().get(0).subject()).isEqualTo("notifications");

        notifications.transitionToHalfOpenState();
        notifications.transitionToClosedState();
        AlertBoard resolved = resolveAfter(STEP);
        assertThat(resolved.active()).isEmpty();
        assertThat(kinds(resolved.resolved())).containsExactly(AlertKind.CIRCUIT_BREAKER_OPEN);
    }

    @Test
    void queueDepthGrowingFiresOnARisingTrendAndResolvesWhenTheBacklogIsFlat() {
        AtomicLong waiting = new AtomicLong(40);
        AtomicLong completed = new AtomicLong();
        Gauge.builder(MeterReader.QUEUE_DEPTH, waiting, AtomicLong::get).tags("queue", "payouts", "state", "waiting")
                .register(registry);
        Gauge.builder(MeterReader.QUEUE_DEPTH, completed, AtomicLong::get).tags("queue", "payouts", "state", "completed")
                .register(registry);
        AlertBoard board = tick(STEP);
        for (int s = 1; s <= settings.queueGrowthWindow().toSeconds(); s++) {
            if (s % 3 == 0) {
                waiting.addAndGet(6); // bursts: two flat samples out of three
            }
            completed.addAndGet(1_000); // finished jobs are not backlog
            board = tick(STEP);
        }
        assertThat(kinds(board.active())).containsExactly(AlertKind.QUEUE_DEPTH_GROWING);
        assertThat(board.active().get(0).message()).contains("payouts", "to 100 jobs");

        AlertBoard resolved = resolveAfter(settings.queueGrowthWindow()); // flat for a whole trend window
        assertThat(resolved.active()).isEmpty();
        assertThat(kinds(resolved.resolved())).containsExactly(AlertKind.QUEUE_DEPTH_GROWING);
    }

    @Test
    void aBacklogWobblingAroundALevelDoesNotFire() {
        AtomicLong waiting = new AtomicLong(500);
        Gauge.builder(MeterReader.QUEUE_DEPTH, waiting, AtomicLong::get).tags("queue", "payouts", "state", "waiting")
                .register(registry);
        for (int s = 0; s < 120; s++) {
            waiting.set(500 + (s % 4 < 2 ? 15 : -15)); // ±15 jobs every two seconds, no trend
            assertThat(tick(STEP).active()).as("second %d", s).isEmpty();
        }
    }

    @Test
    void aConditionThatComesBackBeforeResolveAfterKeepsTheSameAlert() {
        depth.set(95);
        AlertBoard first = tick(STEP);
        depth.set(10);
        tick(STEP);
        depth.set(95);
        AlertBoard again = tick(STEP);
        assertThat(again.resolved()).isEmpty();
        assertThat(again.active()).singleElement().satisfies(a -> assertThat(a.since()).isEqualTo(first.active().get(0).since()));
    }

    @Test
    void anAlertKeepsItsSinceWhileItHolds() {
        depth.set(95);
        AlertBoard first = tick(STEP);
        AlertBoard later = tick(Duration.ofSeconds(30));
        assertThat(later.active().get(0).since()).isEqualTo(first.active().get(0).since());
    }
}

package dev.crystal.runtime;

import static dev.crystal.runtime.TestMessages.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crystal.runtime.TestMessages.Text;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ResilienceTest {
    private final WorkerRuntime runtime = WorkerRuntime.create(config("resilience"));
    private final Address<Text> caller = Address.of("caller", Text.class);
    private final List<Object> outcomes = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        runtime.shutdownNow();
    }

    private void startWith(BiConsumer<Envelope<Text>, WorkerContext> handler) {
        runtime.register(caller, handler::accept);
        runtime.start();
    }

    private void callAndWait(String value, int expectedOutcomes) {
        runtime.send(caller, new Text(value), null);
        await().pollInterval(Duration.ofMillis(2)).until(() -> outcomes.size() == expectedOutcomes);
    }

    @Test
    void theBreakerOpensRefusesThenTriesHalfOpenAndClosesAndPublishesEachTransition() {
        Address<BreakerTransition> watcher = Address.of("watcher", BreakerTransition.class);
        List<BreakerTransition> transitions = new CopyOnWriteArrayList<>();
        runtime.register(watcher, (env, ctx) -> transitions.add(env.payload()));
        runtime.subscribe(BreakerTransition.class, watcher);
        BreakerOptions options = BreakerOptions.defaults().withWindow(4, 2).withFailureRateThreshold(50)
                .withOpenWait(Duration.ofMillis(300), 2.0, Duration.ofSeconds(2)).withHalfOpenTrials(1);
        startWith((env, ctx) -> {
            Breaker breaker = ctx.circuitBreaker("smtp", options);
            boolean fail = env.payload().value().equals("fail");
            CallOutcome<String> outcome = breaker.call(() -> {
                if (fail) {
                    throw new IllegalStateException("smtp down");
                }
                return "sent";
            });
            outcomes.add(outcome);
            outcomes.add(breaker.state());
        });

        callAndWait("fail", 2);
        callAndWait("fail", 4);
        assertThat(outcomes.get(3)).isEqualTo(BreakerState.OPEN);
        callAndWait("ok", 6);
        assertThat(outcomes.get(4)).isInstanceOfSatisfying(CallOutcome.Refused.class,
                r -> assertThat(r.reason()).isEqualTo(CallOutcome.Refusal.CIRCUIT_OPEN));

        await().pollDelay(Duration.ofMillis(350)).until(() -> true);
        callAndWait("ok", 8);
        assertThat(outcomes.get(6)).isEqualTo(new CallOutcome.Done<>("sent"));
        assertThat(outcomes.get(7)).isEqualTo(BreakerState.CLOSED);

        await().until(() -> transitions.size() == 3);
        assertThat(transitions).extracting(BreakerTransition::to)
                .containsExactly(BreakerState.OPEN, BreakerState.HALF_OPEN, BreakerState.CLOSED);
        assertThat(transitions).allSatisfy(t -> {
            assertThat(t.worker()).isEqualTo("caller");
            assertThat(t.breaker()).isEqualTo("smtp");
        });
    }

    @Test
    void theRateLimiterRefusesBeyondItsPermits() {
        startWith((env, ctx) -> {
            Guard limiter = ctx.rateLimiter("partner-api", RateLimitOptions.of(2, Duration.ofHours(1)));
            for (int i = 0; i < 3; i++) {
                outcomes.add(limiter.call(() -> "ok"));
            }
        });
        callAndWait("go", 3);
        assertThat(outcomes.get(0)).isEqualTo(new CallOutcome.Done<>("ok"));
        assertThat(outcomes.get(1)).isEqualTo(new CallOutcome.Done<>("ok"));
        assertThat(outcomes.get(2)).isInstanceOfSatisfying(CallOutcome.Refused.class,
                r -> assertThat(r.reason()).isEqualTo(CallOutcome.Refusal.RATE_LIMITED));
    }

    @Test
    void theRetryGuardTriesAgainAndReportsTheLastFailure() {
        AtomicInteger calls = new AtomicInteger();
        startWith((env, ctx) -> {
            Guard retry = ctx.retry("ledger", RetryOptions.exponential(3, Duration.ofMillis(1)));
            outcomes.add(retry.call(() -> {
                if (calls.incrementAndGet() < 3) {
                    throw new IllegalStateException("busy");
                }
                return calls.get();
            }));
            outcomes.add(retry.call(() -> {
                throw new IllegalStateException("always");
            }));
        });
        callAndWait("go", 2);
        assertThat(outcomes.get(0)).isEqualTo(new CallOutcome.Done<>(3));
        assertThat(outcomes.get(1)).isInstanceOfSatisfying(CallOutcome.Failed.class,
                f -> assertThat(f.error()).hasMessage("always"));
    }
}

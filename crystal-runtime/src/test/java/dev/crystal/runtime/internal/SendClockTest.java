package dev.crystal.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SendClockTest {

    private static Thread ticker(String runtimeName) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("crystal-" + runtimeName + "-clock")).findFirst().orElse(null);
    }

    @Test
    void theSystemClockIsCachedToTheMillisecondAndFollowsTime() throws InterruptedException {
        SendClock clock = new SendClock(InstantSource.system(), "clock-follows");
        clock.start();
        try {
            for (int i = 0; i < 20; i++) {
                Instant before = Instant.now().minusMillis(1);
                Instant stamped = clock.now();
                Instant after = Instant.now();
                assertThat(stamped.getNano() % 1_000_000).isZero();
                // One tick of lag plus scheduling slack on a busy machine.
                assertThat(stamped).isBetween(before.minusMillis(250), after);
                Thread.sleep(3);
            }
        } finally {
            clock.stop();
        }
    }

    @Test
    void theTickerParksWhenNobodySendsAndTheNextSendWakesIt() {
        SendClock clock = new SendClock(InstantSource.system(), "clock-parks");
        clock.start();
        try {
            clock.now();
            await().atMost(Duration.ofSeconds(5)).until(() -> ticker("clock-parks").getState() == Thread.State.WAITING);
            Instant before = Instant.now().minusMillis(1);
            assertThat(clock.now()).isAfterOrEqualTo(before.minusMillis(250));
            // Woken by that send, it ticks again, then parks after another quiet spell.
            await().atMost(Duration.ofSeconds(5)).until(() -> ticker("clock-parks").getState() == Thread.State.WAITING);
        } finally {
            clock.stop();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> ticker("clock-parks") == null);
    }

    @Test
    void anyOtherClockIsAskedOnEverySend() {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00.123456789Z"));
        SendClock clock = new SendClock(now::get, "clock-custom");
        clock.start();
        assertThat(clock.now()).isEqualTo(now.get());
        now.set(now.get().plusNanos(1));
        assertThat(clock.now()).isEqualTo(now.get());
        clock.stop();
        assertThat(ticker("clock-custom")).isNull();
    }
}

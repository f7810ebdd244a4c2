package dev.crystal.wire;

import dev.crystal.wire.fixtures.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Batching by count and time, driven by a manual clock. */
class FrameBatcherTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-26T15:30:00Z"));
    private final List<FrameBatch> sent = new ArrayList<>();
    private final FrameBatcher batcher = new FrameBatcher(clock, sent::add);
    private final BatchSettings tenIn100ms = new BatchSettings(true, 10, Duration.ofMillis(100));

    private static byte[] frame(int n) {
        return new byte[]{(byte) n};
    }

    @Test
    void defaultsAreTenMessagesOrOneHundredMilliseconds() {
        assertThat(tenIn100ms.maxMessages()).isEqualTo(10);
        assertThat(tenIn100ms.maxDelay()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void flushesWhenTheCountIsReached() {
        for (int i = 0; i < 9; i++) {
            assertThat(batcher.offer(frame(i), tenIn100ms)).isZero();
        }
        assertThat(sent).isEmpty();

        assertThat(batcher.offer(frame(9), tenIn100ms)).isEqualTo(10);

        assertThat(sent).singleElement().satisfies(batch -> {
            assertThat(batch.reason()).isEqualTo(FlushReason.COUNT);
            assertThat(batch.frames()).extracting(bytes -> (int) bytes[0]).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        });
        assertThat(batcher.waiting()).isZero();
    }

    @Test
    void flushesWhenTheOldestFrameHasWaitedTheDelay() {
        batcher.offer(frame(1), tenIn100ms);
        clock.advance(Duration.ofMillis(60));
        batcher.offer(frame(2), tenIn100ms);
        assertThat(batcher.millisUntilDue()).isEqualTo(40);

        clock.advance(Duration.ofMillis(39));
        assertThat(batcher.poll()).isZero();
        clock.advance(Duration.ofMillis(1));
        assertThat(batcher.poll()).isEqualTo(2);

        assertThat(sent).singleElement().satisfies(batch -> assertThat(batch.reason()).isEqualTo(FlushReason.TIME));
        assertThat(batcher.millisUntilDue()).isEqualTo(-1);
    }

    @Test
    void batchingOffSendsWaitingFramesThenThisOneInOrder() {
        batcher.offer(frame(1), tenIn100ms);
        batcher.offer(frame(2), tenIn100ms);

        assertThat(batcher.offer(frame(3), BatchSettings.disabled())).isEqualTo(3);

        assertThat(sent).singleElement().satisfies(batch -> {
            assertThat(batch.reason()).isEqualTo(FlushReason.UNBATCHED);
            assertThat(batch.frames()).extracting(bytes -> (int) bytes[0]).containsExactly(1, 2, 3);
        });
    }

    @Test
    void aSmallerBatchSizeFromAFlagChangeAppliesToWaitingFrames() {
        batcher.offer(frame(1), tenIn100ms);
        batcher.offer(frame(2), tenIn100ms);

        batcher.offer(frame(3), new BatchSettings(true, 3, Duration.ofMillis(20)));

        assertThat(sent).singleElement().satisfies(batch -> assertThat(batch.size()).isEqualTo(3));
    }

    @Test
    void aShorterDelayFromAFlagChangeAppliesToWaitingFrames() {
        batcher.offer(frame(1), tenIn100ms);
        batcher.offer(frame(2), new BatchSettings(true, 10, Duration.ofMillis(5)));

        clock.advance(Duration.ofMillis(5));

        assertThat(batcher.poll()).isEqualTo(2);
    }

    @Test
    void aFailingSinkKeepsTheFramesForTheNextFlush() {
        List<FrameBatch> delivered = new ArrayList<>();
        boolean[] down = {true};
        FrameBatcher flaky = new FrameBatcher(clock, batch -> {
            if (down[0]) {
                throw new IllegalStateException("redis down");
            }
            delivered.add(batch);
        });
        flaky.offer(frame(1), tenIn100ms);
        clock.advance(Duration.ofMillis(100));

        assertThatThrownBy(flaky::poll).hasMessageContaining("redis down");
        assertThat(flaky.waiting()).isEqualTo(1);

        down[0] = false;
        assertThat(flaky.flush()).isEqualTo(1);
        assertThat(delivered).singleElement().satisfies(batch -> assertThat(batch.reason()).isEqualTo(FlushReason.EXPLICIT));
    }

    @Test
    void explicitFlushOfNothingSendsNothing() {
        assertThat(batcher.flush()).isZero();
        assertThat(batcher.poll()).isZero();
        assertThat(sent).isEmpty();
    }
}

package dev.crystal.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Priority and time-to-live come from the envelope: high first without starving normal, expired never handled. */
class PriorityAndTtlTest {
    record Job(String id) {
    }

    record Ask(String id) implements Request<String> {
    }

    /** A clock the test moves by hand. */
    static final class HandClock implements InstantSource {
        final AtomicLong millis = new AtomicLong(Instant.parse("2025-01-26T15:30:00Z").toEpochMilli());

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }
    }

    private final Address<Job> jobs = Address.of("jobs", Job.class);
    private final HandClock clock = new HandClock();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<String> handled = new CopyOnWriteArrayList<>();
    private final CountDownLatch blocking = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private WorkerRuntime runtime;

    private void start() {
        runtime = WorkerRuntime.create(RuntimeConfig.defaults("prio").withClock(clock).withMeterRegistry(meters));
        runtime.register(jobs, (envelope, context) -> {
            if (envelope.payload().id().equals("block")) {
                blocking.countDown();
                release.await(10, TimeUnit.SECONDS);
            }
            handled.add(envelope.payload().id());
        }, WorkerOptions.defaults().withMaxBatch(1000));
        runtime.start();
        // The worker is busy with "block" while the test fills its mailbox.
        runtime.send(jobs, new Job("block"), "corr-block");
        try {
            assertThat(blocking.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @AfterEach
    void stop() {
        release.countDown();
        if (runtime != null) {
            runtime.shutdownNow();
        }
    }

    private Envelope<Job> envelope(String id, Priority priority, long ttlMillis) {
        return new Envelope<>("msg-" + id, MessageNames.of(Job.class), "corr-" + id, null, "external", jobs.name(),
                clock.instant(), new Job(id), priority, ttlMillis);
    }

    @Test
    void highPriorityMessagesAreTakenFirstButAtMostFourInARowWhileNormalOnesWait() {
        start();
        List<String> expectedFifo = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            assertThat(runtime.deliver(envelope("N" + i, Priority.NORMAL, 0))).isEqualTo(Delivery.ACCEPTED);
            expectedFifo.add("N" + i);
        }
        for (int i = 0; i < 10; i++) {
            assertThat(runtime.deliver(envelope("H" + i, Priority.HIGH, 0))).isEqualTo(Delivery.ACCEPTED);
        }
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> handled.size() == 19);

        assertThat(handled).containsExactly("block",
                "H0", "H1", "H2", "H3", "N0",
                "H4", "H5", "H6", "H7", "N1",
                "H8", "H9", "N2", "N3", "N4", "N5", "N6", "N7");
    }

    @Test
    void aStreamOfHighPriorityMessagesNeverStarvesTheNormalOnes() {
        start();
        for (int i = 0; i < 3; i++) {
            runtime.deliver(envelope("N" + i, Priority.NORMAL, 0));
        }
        for (int i = 0; i < 40; i++) {
            runtime.deliver(envelope("H" + i, Priority.HIGH, 0));
        }
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> handled.size() == 44);
        // Every normal message is handled after at most HIGH_BURST high ones that arrived after it.
        assertThat(handled.indexOf("N0")).isLessThanOrEqualTo(1 + Priority.HIGH_BURST);
        assertThat(handled.indexOf("N1") - handled.indexOf("N0")).isLessThanOrEqualTo(Priority.HIGH_BURST + 1);
        assertThat(handled.indexOf("N2") - handled.indexOf("N1")).isLessThanOrEqualTo(Priority.HIGH_BURST + 1);
        // Each lane keeps its own order.
        assertThat(handled.stream().filter(id -> id.startsWith("H")).toList())
                .isEqualTo(IntStream.range(0, 40).mapToObj(i -> "H" + i).toList());
    }

    @Test
    void aMessagePastItsTimeToLiveIsDeadLetteredAsExpiredCountedAndNeverHandled() {
        start();
        runtime.deliver(envelope("short", Priority.NORMAL, 1_000));
        runtime.deliver(envelope("long", Priority.HIGH, 60_000));
        runtime.deliver(envelope("forever", Priority.NORMAL, 0));
        clock.millis.addAndGet(5_000); // the worker was busy for 5 s
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> handled.size() == 3);

        assertThat(handled).containsExactly("block", "long", "forever");
        assertThat(runtime.deadLetters().open()).singleElement().satisfies(letter -> {
            assertThat(letter.reason()).startsWith("EXPIRED").contains("1000 ms");
            assertThat(letter.envelope().payload()).isEqualTo(new Job("short"));
        });
        assertThat(meters.get("crystal.messages.expired").tag("type", "JOB").tag("worker", "jobs").counter().count())
                .isEqualTo(1.0);
    }

    @Test
    void aRequestPastItsTimeToLiveIsRefusedAsExpired() throws Exception {
        Address<Ask> asks = Address.of("asks", Ask.class);
        runtime = WorkerRuntime.create(RuntimeConfig.defaults("prio").withClock(clock).withMeterRegistry(meters));
        CountDownLatch entered = new CountDownLatch(1);
        runtime.register(asks, (envelope, context) -> {
            if (envelope.payload().id().equals("block")) {
                entered.countDown();
                release.await(10, TimeUnit.SECONDS);
            }
            context.reply(envelope.payload(), "done " + envelope.payload().id());
        });
        runtime.start();
        var blocker = runtime.request(asks, new Ask("block"), null, Duration.ofSeconds(10));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        var late = runtime.request(asks, new Ask("late"), null, Duration.ofSeconds(10), Priority.HIGH, 1_000);
        var fresh = runtime.request(asks, new Ask("fresh"), null, Duration.ofSeconds(10), Priority.HIGH, 60_000);
        clock.millis.addAndGet(2_000);
        release.countDown();

        assertThat(blocker.get(10, TimeUnit.SECONDS)).isEqualTo(Reply.success("done block"));
        assertThat(fresh.get(10, TimeUnit.SECONDS)).isEqualTo(Reply.success("done fresh"));
        assertThat(late.get(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(Reply.Failure.class, failure -> {
            assertThat(failure.kind()).isEqualTo(ReplyFailure.REJECTED);
            assertThat(failure.detail()).startsWith("EXPIRED");
        });
    }

    @Test
    void envelopesCarryNormalPriorityAndNoTimeToLiveByDefault() {
        Envelope<Job> plain = new Envelope<>("m", "JOB", "c", null, "s", "t", Instant.EPOCH, new Job("x"));
        assertThat(plain.priority()).isEqualTo(Priority.NORMAL);
        assertThat(plain.ttlMillis()).isZero();
        assertThat(plain.expiredAt(Long.MAX_VALUE)).isFalse();
        Envelope<Job> hinted = plain.withDelivery(Priority.HIGH, 300_000);
        assertThat(hinted.expiredAt(300_000)).isFalse();
        assertThat(hinted.expiredAt(300_001)).isTrue();
        assertThat(hinted).isNotEqualTo(plain);
        assertThat(Priority.fromWireName("high")).contains(Priority.HIGH);
    }
}

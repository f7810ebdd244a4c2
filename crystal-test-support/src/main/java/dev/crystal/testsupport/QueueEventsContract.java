package dev.crystal.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crystal.jobs.Backoff;
import dev.crystal.jobs.ControlResult;
import dev.crystal.jobs.FlowJob;
import dev.crystal.jobs.FlowResult;
import dev.crystal.jobs.JobEvents;
import dev.crystal.jobs.JobOptions;
import dev.crystal.jobs.JobQueue;
import dev.crystal.jobs.JobState;
import dev.crystal.jobs.Jobs;
import dev.crystal.jobs.JobsConfig;
import dev.crystal.jobs.QueueEvent;
import dev.crystal.jobs.QueueEventKind;
import dev.crystal.jobs.QueueEvents;
import dev.crystal.jobs.WorkerOptions;
import dev.crystal.jobs.spi.JobStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The queue events every store must write (BullMQ's {@code QueueEvents} model), read back through
 * {@link QueueEvents} over the store's {@code eventLog()}: a job's life arrives in order, with ids that
 * only grow. A store module extends this class.
 */
@Timeout(30)
public abstract class QueueEventsContract {
    protected static final Instant START = Instant.parse("2026-01-05T07:59:00Z");
    protected static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    protected Path dir;
    protected ManualClock clock;
    protected JobStore store;
    protected Jobs jobs;
    protected QueueEvents events;

    /** Opens (or reopens) the store kept in {@code dir}, keeping about {@code eventsMaxLen} events per queue. */
    protected abstract JobStore openStore(Path dir, int eventsMaxLen);

    @BeforeEach
    void openJobs() {
        open(10_000);
    }

    @AfterEach
    void closeJobs() {
        jobs.close();
        store.close();
    }

    private void open(int eventsMaxLen) {
        clock = new ManualClock(START);
        store = openStore(dir, eventsMaxLen);
        jobs = Jobs.open(store, JobsConfig.builder().clock(clock).stalledInterval(Duration.ofHours(1))
                .scheduleInterval(Duration.ofHours(1)).maxStalledCount(1).metricsRefresh(Duration.ZERO).build());
        events = jobs.queueEvents();
    }

    private static WorkerOptions fast() {
        return WorkerOptions.builder().concurrency(1).pollInterval(Duration.ofMillis(10)).build();
    }

    /** Every event of {@code queue} still in the log. */
    private List<QueueEvent> all(String queue) throws InterruptedException {
        return events.read(queue, 0, 10_000, Duration.ZERO);
    }

    private List<QueueEvent> ofJob(String queue, String id) throws InterruptedException {
        return all(queue).stream().filter(e -> e.jobId().equals(id)).toList();
    }

    /** Waits until the job's events are exactly {@code kinds}, in that order, and returns them. */
    private List<QueueEvent> awaitKinds(String queue, String id, QueueEventKind... kinds) {
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(ofJob(queue, id)).extracting(QueueEvent::kind).containsExactly(kinds));
        try {
            List<QueueEvent> found = ofJob(queue, id);
            assertIncreasingIds(found);
            return found;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertIncreasingIds(List<QueueEvent> found) {
        for (int i = 1; i < found.size(); i++) {
            assertThat(found.get(i).id()).isGreaterThan(found.get(i - 1).id());
        }
    }

    @Test
    void aCompletedJobsLifeArrivesInOrderWithItsReturnValue() {
        JobQueue queue = jobs.queue("ev-done");
        String id = queue.add("welcome", "ann").id();
        jobs.worker("ev-done", job -> "hello " + job.data(String.class), fast());
        List<QueueEvent> life = awaitKinds("ev-done", id, QueueEventKind.ADDED, QueueEventKind.WAITING,
                QueueEventKind.ACTIVE, QueueEventKind.COMPLETED);
        assertThat(life.getFirst().get("name")).isEqualTo("welcome");
        assertThat(life.get(2).get("prev")).isEqualTo("waiting");
        assertThat(life.getLast().get("returnvalue")).isEqualTo("\"hello ann\"");
        assertThat(life).allSatisfy(e -> {
            assertThat(e.queue()).isEqualTo("ev-done");
            assertThat(e.at()).isAfter(Instant.parse("2020-01-01T00:00:00Z"));
        });
    }

    @Test
    void aFailedAttemptIsFollowedByRetryingTheBackoffDelayAndTheNextAttempt() {
        JobQueue queue = jobs.queue("ev-retry");
        String id = queue.add("flaky", 1, JobOptions.builder().attempts(2)
                .backoff(Backoff.fixed(Duration.ofSeconds(5))).build()).id();
        AtomicInteger runs = new AtomicInteger();
        jobs.worker("ev-retry", job -> {
            if (runs.incrementAndGet() == 1) {
                throw new IllegalStateException("gateway down");
            }
            return "ok";
        }, fast());
        List<QueueEvent> first = awaitKinds("ev-retry", id, QueueEventKind.ADDED, QueueEventKind.WAITING,
                QueueEventKind.ACTIVE, QueueEventKind.FAILED, QueueEventKind.RETRYING, QueueEventKind.DELAYED);
        assertThat(first.get(3).get("failedReason")).contains("gateway down");
        assertThat(first.get(3).get("retrying")).isEqualTo("true");
        assertThat(first.get(4).get("attemptsMade")).isEqualTo("1");
        assertThat(first.get(5).get("delay")).isEqualTo(Long.toString(START.plusSeconds(5).toEpochMilli()));
        clock.advance(Duration.ofSeconds(5));
        awaitKinds("ev-retry", id, QueueEventKind.ADDED, QueueEventKind.WAITING, QueueEventKind.ACTIVE,
                QueueEventKind.FAILED, QueueEventKind.RETRYING, QueueEventKind.DELAYED, QueueEventKind.WAITING,
                QueueEventKind.ACTIVE, QueueEventKind.COMPLETED);
    }

    @Test
    void aFinalFailureSaysItWillNotBeRetried() {
        JobQueue queue = jobs.queue("ev-fail");
        String id = queue.add("doomed", 1).id();
        jobs.worker("ev-fail", job -> {
            throw new IllegalArgumentException("bad card");
        }, fast());
        List<QueueEvent> life = awaitKinds("ev-fail", id, QueueEventKind.ADDED, QueueEventKind.WAITING,
                QueueEventKind.ACTIVE, QueueEventKind.FAILED);
        assertThat(life.getLast().get("retrying")).isEqualTo("false");
        assertThat(life.getLast().get("failedReason")).contains("bad card");
    }

    @Test
    void aDelayedJobIsDelayedThenWaitingWhenItsTimeComes() {
        JobQueue queue = jobs.queue("ev-delay");
        String id = queue.add("later", 1, JobOptions.builder().delay(Duration.ofMinutes(1)).build()).id();
        List<QueueEvent> added = awaitKinds("ev-delay", id, QueueEventKind.ADDED, QueueEventKind.DELAYED);
        assertThat(added.getLast().get("delay")).isEqualTo(Long.toString(START.plusSeconds(60).toEpochMilli()));
        jobs.worker("ev-delay", job -> "done", fast());
        clock.advance(Duration.ofMinutes(1));
        awaitKinds("ev-delay", id, QueueEventKind.ADDED, QueueEventKind.DELAYED, QueueEventKind.WAITING,
                QueueEventKind.ACTIVE, QueueEventKind.COMPLETED);
    }

    @Test
    void aRemovedJobEndsWithRemoved() {
        JobQueue queue = jobs.queue("ev-remove");
        String id = queue.add("unwanted", 1, JobOptions.builder().jobId("order-7").build()).id();
        assertThat(queue.remove(id)).isEqualTo(ControlResult.DONE);
        List<QueueEvent> life = awaitKinds("ev-remove", "order-7", QueueEventKind.ADDED, QueueEventKind.WAITING,
                QueueEventKind.REMOVED);
        assertThat(life.getLast().get("prev")).isEqualTo("waiting");
    }

    @Test
    void progressArrivesBetweenActiveAndCompleted() {
        JobQueue queue = jobs.queue("ev-progress");
        String id = queue.add("long", 1).id();
        jobs.worker("ev-progress", job -> {
            job.updateProgress(40);
            job.updateProgress(Map.of("step", "b"));
            return "done";
        }, fast());
        List<QueueEvent> life = awaitKinds("ev-progress", id, QueueEventKind.ADDED, QueueEventKind.WAITING,
                QueueEventKind.ACTIVE, QueueEventKind.PROGRESS, QueueEventKind.PROGRESS, QueueEventKind.COMPLETED);
        assertThat(life.get(3).get("progress")).isEqualTo("40");
        assertThat(life.get(4).get("progress")).isEqualTo("{\"step\":\"b\"}");
    }

    @Test
    void aStalledJobIsStalledThenWaitingThenActiveAgain() throws Exception {
        JobQueue queue = jobs.queue("ev-stall");
        String id = queue.add("stuck", 1).id();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        jobs.worker("ev-stall", job -> {
            if (runs.incrementAndGet() == 1) {
                started.countDown();
                release.await();
                return "first";
            }
            return "second";
        }, WorkerOptions.builder().concurrency(2).pollInterval(Duration.ofMillis(10)).build());
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        clock.advance(WorkerOptions.DEFAULT_LOCK_DURATION.plusSeconds(1));
        assertThat(jobs.checkStalled()).isEqualTo(1);
        awaitKinds("ev-stall", id, QueueEventKind.ADDED, QueueEventKind.WAITING, QueueEventKind.ACTIVE,
                QueueEventKind.STALLED, QueueEventKind.WAITING, QueueEventKind.ACTIVE, QueueEventKind.COMPLETED);
        release.countDown();
    }

    @Test
    void aFlowParentWaitsForItsChildrenThenRuns() {
        FlowResult flow = jobs.flows().add(FlowJob.parent("ev-parent", "run", 1,
                List.of(FlowJob.leaf("ev-child", "part", 2))));
        FlowResult.Node root = ((FlowResult.Added) flow).root();
        String parent = root.job().id();
        String child = root.children().getFirst().job().id();
        awaitKinds("ev-parent", parent, QueueEventKind.ADDED, QueueEventKind.WAITING_CHILDREN);
        jobs.worker("ev-child", job -> "part done", fast());
        jobs.worker("ev-parent", job -> "all done", fast());
        awaitKinds("ev-child", child, QueueEventKind.ADDED, QueueEventKind.WAITING, QueueEventKind.ACTIVE,
                QueueEventKind.COMPLETED);
        List<QueueEvent> life = awaitKinds("ev-parent", parent, QueueEventKind.ADDED,
                QueueEventKind.WAITING_CHILDREN, QueueEventKind.WAITING, QueueEventKind.ACTIVE,
                QueueEventKind.COMPLETED);
        assertThat(life.get(2).get("prev")).isEqualTo("waiting-children");
    }

    @Test
    void anOperatorRetryAndAPromoteSayWhereTheJobCameFrom() {
        JobQueue queue = jobs.queue("ev-operator");
        String failed = queue.add("doomed", 1).id();
        String delayed = queue.add("later", 2, JobOptions.builder().delay(Duration.ofHours(1)).build()).id();
        AtomicInteger runs = new AtomicInteger();
        jobs.worker("ev-operator", job -> {
            if (job.name().equals("doomed") && runs.incrementAndGet() == 1) {
                throw new IllegalStateException("first run fails");
            }
            return "ok";
        }, fast());
        awaitKinds("ev-operator", failed, QueueEventKind.ADDED, QueueEventKind.WAITING, QueueEventKind.ACTIVE,
                QueueEventKind.FAILED);
        assertThat(queue.retry(failed)).isEqualTo(ControlResult.DONE);
        List<QueueEvent> retried = awaitKinds("ev-operator", failed, QueueEventKind.ADDED, QueueEventKind.WAITING,
                QueueEventKind.ACTIVE, QueueEventKind.FAILED, QueueEventKind.WAITING, QueueEventKind.ACTIVE,
                QueueEventKind.COMPLETED);
        assertThat(retried.get(4).get("prev")).isEqualTo("failed");
        assertThat(queue.promote(delayed)).isEqualTo(ControlResult.DONE);
        List<QueueEvent> promoted = awaitKinds("ev-operator", delayed, QueueEventKind.ADDED, QueueEventKind.DELAYED,
                QueueEventKind.WAITING, QueueEventKind.ACTIVE, QueueEventKind.COMPLETED);
        assertThat(promoted.get(2).get("prev")).isEqualTo("delayed");
    }

    @Test
    void readingFromNowSeesOnlyLaterEventsAndWaitsForThem() throws Exception {
        JobQueue queue = jobs.queue("ev-now");
        queue.add("before", 1);
        long now = events.lastId("ev-now");
        assertThat(now).isPositive();
        assertThat(events.read("ev-now", QueueEvents.NOW, 10, Duration.ofMillis(100))).isEmpty();
        List<QueueEvent> seen = new CopyOnWriteArrayList<>();
        try (JobEvents.Subscription ignored = events.subscribe("ev-now", QueueEvents.NOW, seen::add)) {
            String id = queue.add("after", 2).id();
            await().atMost(WAIT).untilAsserted(() -> assertThat(seen).extracting(QueueEvent::kind)
                    .containsExactly(QueueEventKind.ADDED, QueueEventKind.WAITING));
            assertThat(seen).allSatisfy(e -> assertThat(e.jobId()).isEqualTo(id));
        }
        List<QueueEvent> fromId = events.read("ev-now", now, 10, Duration.ofSeconds(1));
        assertThat(fromId).hasSize(2).allSatisfy(e -> assertThat(e.id()).isGreaterThan(now));
        assertThat(events.read("ev-other", 0, 10, Duration.ZERO)).isEmpty();
    }

    @Test
    void theLogKeepsOnlyTheNewestEventsPerQueueAndZeroTurnsEventsOff() throws Exception {
        jobs.close();
        store.close();
        open(10);
        JobQueue queue = jobs.queue("ev-trim");
        for (int i = 0; i < 30; i++) {
            queue.add("n", i);
        }
        List<QueueEvent> kept = all("ev-trim");
        assertThat(kept).hasSizeBetween(10, 10 + 2);
        assertThat(kept.getLast().id()).isEqualTo(events.lastId("ev-trim"));
        assertThat(kept.getLast().jobId()).isEqualTo(queue.list(JobState.WAITING, 0, 100).getLast().id());
        jobs.close();
        store.close();
        open(0);
        long last = events.lastId("ev-trim");
        jobs.queue("ev-trim").add("quiet", 1);
        assertThat(events.read("ev-trim", last, 10, Duration.ofMillis(50))).isEmpty();
    }
}

package dev.crystal.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.crystal.jobs.AddResult;
import dev.crystal.jobs.Backoff;
import dev.crystal.jobs.BadPayloadException;
import dev.crystal.jobs.CatchUp;
import dev.crystal.jobs.ChildFailurePolicy;
import dev.crystal.jobs.ControlResult;
import dev.crystal.jobs.FiredSlot;
import dev.crystal.jobs.FlowJob;
import dev.crystal.jobs.FlowResult;
import dev.crystal.jobs.JobEvent;
import dev.crystal.jobs.JobOptions;
import dev.crystal.jobs.JobProcessor;
import dev.crystal.jobs.JobQueue;
import dev.crystal.jobs.JobRef;
import dev.crystal.jobs.JobRequest;
import dev.crystal.jobs.JobSchedules;
import dev.crystal.jobs.JobState;
import dev.crystal.jobs.JobTransition;
import dev.crystal.jobs.JobView;
import dev.crystal.jobs.JobWorker;
import dev.crystal.jobs.Jobs;
import dev.crystal.jobs.JobsConfig;
import dev.crystal.jobs.JsonPayload;
import dev.crystal.jobs.ObliterateResult;
import dev.crystal.jobs.RateLimit;
import dev.crystal.jobs.Retention;
import dev.crystal.jobs.Schedule;
import dev.crystal.jobs.ScheduleTiming;
import dev.crystal.jobs.ScheduleView;
import dev.crystal.jobs.UnrecoverableJobException;
import dev.crystal.jobs.UpsertResult;
import dev.crystal.jobs.WorkerOptions;
import dev.crystal.jobs.spi.JobStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every behaviour a job store must show through the public API. A store module extends this class and
 * implements {@link #openStore(Path)}; reopening the same directory must give the same data.
 */
@Timeout(30)
public abstract class JobStoreContract {
    protected static final Instant START = Instant.parse("2026-01-05T07:59:00Z");
    protected static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    protected Path dir;
    protected ManualClock clock;
    protected SimpleMeterRegistry registry;
    protected JobStore store;
    protected Jobs jobs;

    /** Opens (or reopens) the store kept in {@code dir}. */
    protected abstract JobStore openStore(Path dir);

    @BeforeEach
    void openJobs() {
        clock = new ManualClock(START);
        registry = new SimpleMeterRegistry();
        store = openStore(dir);
        jobs = Jobs.open(store, config(1));
    }

    @AfterEach
    void closeJobs() {
        jobs.close();
        store.close();
    }

    protected JobsConfig config(int maxStalledCount) {
        return JobsConfig.builder().clock(clock).meterRegistry(registry).stalledInterval(Duration.ofHours(1))
                .scheduleInterval(Duration.ofHours(1)).maxStalledCount(maxStalledCount)
                .metricsRefresh(Duration.ZERO).build();
    }

    protected void restart() {
        jobs.close();
        store.close();
        store = openStore(dir);
        jobs = Jobs.open(store, config(1));
    }

    protected static WorkerOptions fast(int concurrency) {
        return WorkerOptions.builder().concurrency(concurrency).pollInterval(Duration.ofMillis(10)).build();
    }

    protected JobView awaitState(JobQueue queue, String id, JobState state) {
        await().atMost(WAIT).until(() -> queue.job(id).map(JobView::state).orElse(null) == state);
        return queue.job(id).orElseThrow();
    }

    private static void assertHistoryFollowsTable(JobView view) {
        List<JobTransition> history = view.history();
        assertThat(history.getFirst().from()).isNull();
        assertThat(history.getFirst().to().isInitial()).isTrue();
        for (int i = 1; i < history.size(); i++) {
            JobTransition step = history.get(i);
            assertThat(step.from()).isEqualTo(history.get(i - 1).to());
            assertThat(step.from().canMoveTo(step.to())).as("%s in %s", step, view.ref()).isTrue();
        }
        assertThat(history.getLast().to()).isEqualTo(view.state());
    }

    record Greeting(String to, int times) {
    }

    // ---------------------------------------------------------------- queues and jobs

    @Test
    void addedJobIsProcessedOnceWithReturnValueAndHistory() {
        JobQueue queue = jobs.queue("mail");
        AddResult added = queue.add("welcome", new Greeting("ann", 2));
        assertThat(added).isInstanceOf(AddResult.Added.class);
        assertThat(((AddResult.Added) added).state()).isEqualTo(JobState.WAITING);
        AtomicInteger runs = new AtomicInteger();
        jobs.worker("mail", job -> {
            runs.incrementAndGet();
            Greeting greeting = job.data(Greeting.class);
            return Map.of("sent", greeting.to().repeat(greeting.times()));
        }, fast(1));
        JobView done = awaitState(queue, added.id(), JobState.COMPLETED);
        assertThat(done.returnValueJson()).isEqualTo("{\"sent\":\"annann\"}");
        assertThat(done.attemptsMade()).isEqualTo(1);
        assertThat(done.finishedAt()).isEqualTo(START);
        assertThat(done.history()).extracting(JobTransition::to)
                .containsExactly(JobState.WAITING, JobState.ACTIVE, JobState.COMPLETED);
        assertHistoryFollowsTable(done);
        assertThat(runs).hasValue(1);
    }

    @Test
    void addBulkStoresEveryJobInOrder() {
        JobQueue queue = jobs.queue("bulk");
        List<JobRequest> requests = IntStream.range(0, 200).mapToObj(i -> JobRequest.of("n", i)).toList();
        List<AddResult> results = queue.addBulk(requests);
        assertThat(results).hasSize(200).allMatch(result -> result instanceof AddResult.Added);
        assertThat(results.stream().map(AddResult::id).distinct()).hasSize(200);
        assertThat(queue.counts().get(JobState.WAITING)).isEqualTo(200);
        assertThat(queue.list(JobState.WAITING, 0, 3)).extracting(JobView::dataJson).containsExactly("0", "1", "2");
        assertThat(jobs.queueNames()).contains("bulk");
    }

    @Test
    void sameCustomIdAndDataAddsNothingAndOtherDataIsAConflict() {
        JobQueue queue = jobs.queue("dedup");
        JobOptions options = JobOptions.builder().jobId("settle-42").build();
        assertThat(queue.add("settle", Map.of("amount", 10), options)).isInstanceOf(AddResult.Added.class);
        assertThat(queue.add("settle", Map.of("amount", 10), options))
                .isEqualTo(new AddResult.AlreadyExists("settle-42", JobState.WAITING));
        AddResult conflict = queue.add("settle", Map.of("amount", 11), options);
        assertThat(conflict).isInstanceOf(AddResult.IdConflict.class);
        assertThat(conflict.accepted()).isFalse();
        assertThat(((AddResult.IdConflict) conflict).reason()).contains("settle-42").contains("different data");
        assertThat(queue.counts().total()).isEqualTo(1);
        assertThat(queue.job("settle-42")).map(JobView::dataJson).contains("{\"amount\":10}");
        assertThat(jobs.queue("other").add("settle", Map.of("amount", 11), options))
                .isInstanceOf(AddResult.Added.class);
        List<AddResult> bulk = queue.addBulk(List.of(
                new JobRequest("settle", 1, JobOptions.builder().jobId("bulk-1").build()),
                new JobRequest("settle", 1, JobOptions.builder().jobId("bulk-1").build()),
                new JobRequest("settle", 2, JobOptions.builder().jobId("bulk-1").build())));
        assertThat(bulk.get(0)).isInstanceOf(AddResult.Added.class);
        assertThat(bulk.get(1)).isInstanceOf(AddResult.AlreadyExists.class);
        assertThat(bulk.get(2)).isInstanceOf(AddResult.IdConflict.class);
    }

    @Test
    void badPayloadsGetClearErrorsAndNothingIsStored() {
        JobQueue queue = jobs.queue("bad");
        assertThatThrownBy(() -> queue.add("x", new Object())).isInstanceOf(BadPayloadException.class)
                .hasMessageContaining("cannot be written as JSON");
        assertThatThrownBy(() -> queue.add("x", new JsonPayload("{not json"))).isInstanceOf(BadPayloadException.class)
                .hasMessageContaining("not well-formed JSON");
        assertThat(queue.add("x", new JsonPayload("{\"ok\":true}")).accepted()).isTrue();
        assertThat(queue.counts().total()).isEqualTo(1);
    }

    @Test
    void payloadThatDoesNotMapFailsTheJobWithoutRetries() {
        JobQueue queue = jobs.queue("mapping");
        String id = queue.add("x", Map.of("to", List.of(1, 2)), JobOptions.builder().attempts(5).build()).id();
        jobs.worker("mapping", job -> job.data(Greeting.class), fast(1));
        JobView failed = awaitState(queue, id, JobState.FAILED);
        assertThat(failed.attemptsMade()).isEqualTo(1);
        assertThat(failed.failedReason()).contains("BadPayloadException").contains(Greeting.class.getName());
    }

    @Test
    void delayedJobWaitsForTheClock() {
        JobQueue queue = jobs.queue("later");
        AddResult added = queue.add("x", 1, JobOptions.builder().delay(Duration.ofMinutes(5)).build());
        assertThat(((AddResult.Added) added).state()).isEqualTo(JobState.DELAYED);
        assertThat(queue.job(added.id()).orElseThrow().runAt()).isEqualTo(START.plus(Duration.ofMinutes(5)));
        CountDownLatch ran = new CountDownLatch(1);
        jobs.worker("later", job -> {
            ran.countDown();
            return null;
        }, fast(1));
        assertThat(awaitQuietly(ran, 150)).isFalse();
        clock.advance(Duration.ofMinutes(5));
        JobView done = awaitState(queue, added.id(), JobState.COMPLETED);
        assertThat(done.history()).extracting(JobTransition::to)
                .containsExactly(JobState.DELAYED, JobState.WAITING, JobState.ACTIVE, JobState.COMPLETED);
        assertHistoryFollowsTable(done);
    }

    @Test
    void priorityOrdersReadyJobs() {
        JobQueue queue = jobs.queue("prio");
        queue.pause();
        queue.add("p3", 3, JobOptions.builder().priority(3).build());
        queue.add("p1", 1, JobOptions.builder().priority(1).build());
        queue.add("none", 0);
        queue.add("p2", 2, JobOptions.builder().priority(2).build());
        assertThat(queue.counts().get(JobState.PRIORITIZED)).isEqualTo(3);
        assertThat(queue.counts().get(JobState.WAITING)).isEqualTo(1);
        assertThat(queue.list(JobState.PRIORITIZED, 0, 10)).extracting(JobView::name).containsExactly("p1", "p2", "p3");
        assertThat(queue.list(JobState.WAITING, 0, 10)).extracting(JobView::name).containsExactly("none");
        List<String> order = new CopyOnWriteArrayList<>();
        jobs.worker("prio", job -> order.add(job.name()), fast(1));
        queue.resume();
        await().atMost(WAIT).until(() -> order.size() == 4);
        assertThat(order).containsExactly("none", "p1", "p2", "p3");
    }

    // ---------------------------------------------------------------- workers

    @Test
    void workerRunsUpToItsConcurrencyInParallel() throws Exception {
        JobQueue queue = jobs.queue("parallel");
        queue.addBulk(IntStream.range(0, 5).mapToObj(i -> JobRequest.of("n", i)).toList());
        CyclicBarrier allFive = new CyclicBarrier(5);
        AtomicInteger maxRunning = new AtomicInteger();
        JobWorker worker = jobs.worker("parallel", job -> {
            allFive.await(5, TimeUnit.SECONDS);
            return null;
        }, fast(5));
        await().atMost(WAIT).until(() -> queue.counts().get(JobState.COMPLETED) == 5);
        await().atMost(WAIT).until(() -> worker.running() == 0);
        assertThat(maxRunning.get()).isLessThanOrEqualTo(5);
    }

    @Test
    void prefetchedJobsRunInOrderAndAClosingWorkerHandsUnstartedOnesBack() throws Exception {
        JobQueue queue = jobs.queue("ahead");
        List<AddResult> added = queue.addBulk(IntStream.range(0, 4).mapToObj(i -> JobRequest.of("n", i)).toList());
        CountDownLatch release = new CountDownLatch(1);
        List<String> ran = new CopyOnWriteArrayList<>();
        JobWorker worker = jobs.worker("ahead", job -> {
            ran.add(job.id());
            release.await();
            return null;
        }, WorkerOptions.builder().concurrency(1).prefetch(3).pollInterval(Duration.ofMillis(10)).build());
        await().atMost(WAIT).until(() -> queue.counts().get(JobState.ACTIVE) == 4);
        assertThat(ran).containsExactly(added.getFirst().id());
        // an active (claimed, not yet finished) job shows its claim in the history
        assertHistoryFollowsTable(queue.job(added.get(1).id()).orElseThrow());
        Thread closer = Thread.ofPlatform().start(worker::close);
        await().atMost(WAIT).until(() -> queue.counts().get(JobState.WAITING) == 3);
        release.countDown();
        closer.join();
        assertThat(queue.counts().get(JobState.COMPLETED)).isEqualTo(1);
        JobView handedBack = queue.job(added.get(1).id()).orElseThrow();
        assertThat(handedBack.attemptsStarted()).isZero();
        assertThat(handedBack.history()).extracting(JobTransition::reason)
                .contains("released unstarted by a closing worker");
        assertHistoryFollowsTable(handedBack);
        jobs.worker("ahead", job -> null, WorkerOptions.builder().concurrency(2).prefetch(2).build());
        await().atMost(WAIT).until(() -> queue.counts().get(JobState.COMPLETED) == 4);
    }

    @Test
    void manyJobsOverTwoWorkersRunExactlyOnceEach() {
        JobQueue queue = jobs.queue("once");
        int count = 500;
        queue.addBulk(IntStream.range(0, count).mapToObj(i -> JobRequest.of("n", i)).toList());
        Map<String, Integer> runs = new ConcurrentHashMap<>();
        JobProcessor processor = job -> runs.merge(job.id(), 1, Integer::sum);
        jobs.worker("once", processor, fast(10));
        jobs.worker("once", processor, WorkerOptions.builder().concurrency(7).prefetch(20)
                .pollInterval(Duration.ofMillis(10)).build());
        await().atMost(WAIT).until(() -> queue.counts().get(JobState.COMPLETED) == count);
        assertThat(runs).hasSize(count);
        assertThat(runs.values()).allMatch(n -> n == 1);
    }

    @Test
    void failedAttemptsRetryWithFixedBackoffThenComplete() {
        JobQueue queue = jobs.queue("flaky");
        String id = queue.add("x", 1, JobOptions.builder().attempts(3).backoff(Backoff.fixed(Duration.ZERO)).build())
                .id();
        List<JobEvent> events = new CopyOnWriteArrayList<>();
        jobs.events().subscribe(events::add);
        jobs.worker("flaky", job -> {
            if (job.attemptsMade() < 2) {
                throw new IllegalStateException("try " + job.attemptsMade());
            }
            return "ok";
        }, fast(1));
        JobView done = awaitState(queue, id, JobState.COMPLETED);
        assertThat(done.attemptsMade()).isEqualTo(3);
        assertThat(done.attemptsStarted()).isEqualTo(3);
        assertThat(done.failedReason()).isEqualTo("IllegalStateException: try 1");
        assertHistoryFollowsTable(done);
        await().atMost(WAIT).until(() -> events.stream().anyMatch(e -> e instanceof JobEvent.Completed));
        assertThat(events).filteredOn(e -> e instanceof JobEvent.Failed)
                .allMatch(e -> ((JobEvent.Failed) e).retrying()).hasSize(2);
    }

    @Test
    void exponentialBackoffDelaysByTheClock() {
        JobQueue queue = jobs.queue("expo");
        String id = queue.add("x", 1, JobOptions.builder().attempts(3)
                .backoff(Backoff.exponential(Duration.ofSeconds(10))).build()).id();
        jobs.worker("expo", job -> {
            throw new IllegalStateException("down");
        }, fast(1));
        JobView first = awaitState(queue, id, JobState.DELAYED);
        assertThat(first.runAt()).isEqualTo(START.plusSeconds(10));
        clock.advance(Duration.ofSeconds(10));
        await().atMost(WAIT).until(() -> queue.job(id).orElseThrow().attemptsMade() == 2);
        JobView second = awaitState(queue, id, JobState.DELAYED);
        assertThat(second.runAt()).isEqualTo(START.plusSeconds(10 + 20));
        clock.advance(Duration.ofSeconds(20));
        JobView failed = awaitState(queue, id, JobState.FAILED);
        assertThat(failed.attemptsMade()).isEqualTo(3);
        assertHistoryFollowsTable(failed);
    }

    @Test
    void customBackoffComesFromTheWorker() {
        JobQueue queue = jobs.queue("custom");
        String id = queue.add("x", 1, JobOptions.builder().attempts(2).backoff(Backoff.custom("linear")).build()).id();
        jobs.worker("custom", job -> {
            throw new IllegalStateException("no");
        }, WorkerOptions.builder().pollInterval(Duration.ofMillis(10))
                .backoffStrategy("linear", (attempts, error) -> Duration.ofSeconds(7L * attempts)).build());
        assertThat(awaitState(queue, id, JobState.DELAYED).runAt()).isEqualTo(START.plusSeconds(7));
    }

    @Test
    void unrecoverableErrorSkipsRemainingAttempts() {
        JobQueue queue = jobs.queue("fatal");
        String id = queue.add("x", 1, JobOptions.builder().attempts(5).build()).id();
        List<JobEvent> events = new CopyOnWriteArrayList<>();
        jobs.events().subscribe(events::add);
        jobs.worker("fatal", job -> {
            throw new UnrecoverableJobException("account closed");
        }, fast(1));
        JobView failed = awaitState(queue, id, JobState.FAILED);
        assertThat(failed.attemptsMade()).isEqualTo(1);
        assertThat(failed.failedReason()).isEqualTo("UnrecoverableJobException: account closed");
        await().atMost(WAIT).until(() -> events.contains(new JobEvent.Failed(new JobRef("fatal", id),
                "UnrecoverableJobException: account closed", false, null)));
    }

    @Test
    void progressLogsAndCorrelationIdReachTheProcessorAndObservers() {
        JobQueue queue = jobs.queue("observe");
        String id = queue.add("x", 1, JobOptions.builder().correlationId("corr-7").build()).id();
        List<JobEvent> events = new CopyOnWriteArrayList<>();
        jobs.events().subscribe(events::add);
        jobs.worker("observe", job -> {
            job.updateProgress(Map.of("percent", 50));
            job.log("halfway");
            job.log("done");
            return job.correlationId();
        }, fast(1));
        JobView done = awaitState(queue, id, JobState.COMPLETED);
        assertThat(done.correlationId()).isEqualTo("corr-7");
        assertThat(done.returnValueJson()).isEqualTo("\"corr-7\"");
        assertThat(done.progressJson()).isEqualTo("{\"percent\":50}");
        assertThat(queue.logs(id)).containsExactly("halfway", "done");
        JobRef ref = new JobRef("observe", id);
        await().atMost(WAIT).until(() -> events.contains(new JobEvent.Completed(ref, "\"corr-7\"", "corr-7")));
        assertThat(events).contains(new JobEvent.Progress(ref, "{\"percent\":50}"));
    }

    @Test
    void removeOnCompleteAndOnFailKeepWhatTheyAreTold() {
        JobQueue gone = jobs.queue("gone");
        String removed = gone.add("x", 1, JobOptions.builder().removeOnComplete(Retention.remove()).build()).id();
        JobQueue kept = jobs.queue("kept");
        JobOptions keepTwo = JobOptions.builder().removeOnComplete(Retention.keepLast(2)).build();
        kept.addBulk(IntStream.range(0, 5).mapToObj(i -> new JobRequest("n", i, keepTwo)).toList());
        JobQueue failing = jobs.queue("failing");
        String failRemoved = failing.add("x", 1, JobOptions.builder().removeOnFail(Retention.remove()).build()).id();
        jobs.worker("gone", job -> null, fast(1));
        jobs.worker("kept", job -> null, fast(1));
        jobs.worker("failing", job -> {
            throw new IllegalStateException("x");
        }, fast(1));
        await().atMost(WAIT).until(() -> kept.counts().get(JobState.WAITING) == 0
                && kept.counts().get(JobState.ACTIVE) == 0);
        await().atMost(WAIT).until(() -> gone.job(removed).isEmpty() && failing.job(failRemoved).isEmpty());
        assertThat(kept.counts().get(JobState.COMPLETED)).isEqualTo(2);
        assertThat(kept.list(JobState.COMPLETED, 0, 10)).extracting(JobView::dataJson).containsExactly("4", "3");
        assertThat(gone.counts().total()).isZero();
    }

    @Test
    void removeByAgeDropsOldFinishedJobs() {
        JobQueue queue = jobs.queue("aged");
        JobOptions hour = JobOptions.builder().removeOnComplete(Retention.keepFor(Duration.ofHours(1))).build();
        String old = queue.add("old", 1, hour).id();
        jobs.worker("aged", job -> null, fast(1));
        awaitState(queue, old, JobState.COMPLETED);
        clock.advance(Duration.ofHours(2));
        String fresh = queue.add("fresh", 2, hour).id();
        awaitState(queue, fresh, JobState.COMPLETED);
        await().atMost(WAIT).until(() -> queue.job(old).isEmpty());
    }

    // ---------------------------------------------------------------- locks and stalls

    @Test
    void stalledJobReturnsToWaitingAndCompletesOnce() throws Exception {
        JobQueue queue = jobs.queue("stall");
        String id = queue.add("x", 1).id();
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        List<JobEvent> events = new CopyOnWriteArrayList<>();
        jobs.events().subscribe(events::add);
        jobs.worker("stall", job -> {
            if (runs.incrementAndGet() == 1) {
                firstStarted.countDown();
                releaseFirst.await();
                return "first";
            }
            return "second";
        }, WorkerOptions.builder().concurrency(2).pollInterval(Duration.ofMillis(10)).build());
        assertThat(firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
        clock.advance(WorkerOptions.DEFAULT_LOCK_DURATION.plusSeconds(1));
        assertThat(jobs.checkStalled()).isEqualTo(1);
        JobView done = awaitState(queue, id, JobState.COMPLETED);
        assertThat(done.returnValueJson()).isEqualTo("\"second\"");
        releaseFirst.countDown();
        await().atMost(WAIT).until(() -> jobs.worker("noop", job -> null, fast(1)) != null);
        assertThat(queue.job(id).orElseThrow().returnValueJson()).isEqualTo("\"second\"");
        assertThat(done.stalledCount()).isEqualTo(1);
        assertThat(done.history()).extracting(JobTransition::reason).contains("stalled: lock expired");
        assertThat(done.history()).filteredOn(t -> t.to() == JobState.COMPLETED).hasSize(1);
        assertHistoryFollowsTable(done);
        assertThat(events).contains(new JobEvent.Stalled(new JobRef("stall", id), JobState.WAITING));
    }

    @Test
    void jobStallingTooOftenFails() throws Exception {
        jobs.close();
        jobs = Jobs.open(store, config(0));
        JobQueue queue = jobs.queue("stall-fail");
        String id = queue.add("x", 1).id();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        jobs.worker("stall-fail", job -> {
            started.countDown();
            release.await();
            return null;
        }, fast(1));
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        clock.advance(WorkerOptions.DEFAULT_LOCK_DURATION.plusSeconds(1));
        assertThat(jobs.checkStalled()).isEqualTo(1);
        JobView failed = queue.job(id).orElseThrow();
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.failedReason()).contains("stalled more than 0");
        release.countDown();
        await().pollDelay(Duration.ofMillis(100)).atMost(WAIT).until(() -> true);
        assertThat(queue.job(id).orElseThrow().state()).isEqualTo(JobState.FAILED);
    }

    @Test
    void runningJobKeepsItsLockWhileRenewed() throws Exception {
        JobQueue queue = jobs.queue("renew");
        String id = queue.add("x", 1).id();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        jobs.worker("renew", job -> {
            started.countDown();
            release.await();
            return null;
        }, WorkerOptions.builder().lockDuration(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10)).build());
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        clock.advance(Duration.ofMillis(600));
        Thread.sleep(1_200); // the worker renews every 500 ms of real time: lock now ends at or after +1.6 s
        clock.advance(Duration.ofMillis(600));
        assertThat(jobs.checkStalled()).isZero();
        release.countDown();
        awaitState(queue, id, JobState.COMPLETED);
    }

    // ---------------------------------------------------------------- flows

    @Test
    void parentRunsAfterAllChildrenAcrossQueuesAndReadsTheirValues() {
        FlowJob flow = FlowJob.parent("totals", "sum", "all", List.of(
                FlowJob.leaf("parts", "part", 1),
                FlowJob.leaf("parts", "part", 2),
                FlowJob.parent("middle", "sub", "mid", List.of(FlowJob.leaf("parts", "part", 4)))));
        FlowResult result = jobs.flows().add(flow);
        assertThat(result).isInstanceOf(FlowResult.Added.class);
        FlowResult.Node root = ((FlowResult.Added) result).root();
        assertThat(root.state()).isEqualTo(JobState.WAITING_CHILDREN);
        assertThat(root.children().get(2).state()).isEqualTo(JobState.WAITING_CHILDREN);
        JobProcessor sumChildren = job -> {
            if (job.name().equals("part")) {
                return job.data(Integer.class) * 10;
            }
            int sum = 0;
            for (JobRef child : job.childrenValues().keySet()) {
                sum += job.childValue(child, Integer.class);
            }
            return sum;
        };
        jobs.worker("parts", sumChildren, fast(2));
        jobs.worker("middle", sumChildren, fast(1));
        jobs.worker("totals", sumChildren, fast(1));
        JobView parent = awaitState(jobs.queue("totals"), root.job().id(), JobState.COMPLETED);
        assertThat(parent.returnValueJson()).isEqualTo("70");
        assertThat(parent.history()).extracting(JobTransition::to).containsExactly(JobState.WAITING_CHILDREN,
                JobState.WAITING, JobState.ACTIVE, JobState.COMPLETED);
        assertHistoryFollowsTable(parent);
        assertThat(jobs.queue("parts").job(root.children().getFirst().job().id()).orElseThrow().parent())
                .isEqualTo(root.job());
    }

    @Test
    void childFailurePoliciesFailIgnoreOrKeepTheParent() {
        JobOptions fail = JobOptions.builder().onChildFailure(ChildFailurePolicy.FAIL_PARENT).build();
        JobOptions ignore = JobOptions.builder().onChildFailure(ChildFailurePolicy.IGNORE).build();
        JobOptions keep = JobOptions.builder().onChildFailure(ChildFailurePolicy.KEEP_PARENT_WAITING).build();
        List<JobEvent> events = new CopyOnWriteArrayList<>();
        jobs.events().subscribe(events::add);
        String failing = add(FlowJob.parent("parents", "p", "fail", List.of(
                new FlowJob("kids", "bad", 1, fail, List.of()), FlowJob.leaf("kids", "good", 2))));
        String ignoring = add(FlowJob.parent("parents", "p", "ignore", List.of(
                new FlowJob("kids", "bad", 3, ignore, List.of()), FlowJob.leaf("kids", "good", 4))));
        String keeping = add(FlowJob.parent("parents", "p", "keep", List.of(
                new FlowJob("kids", "bad", 5, keep, List.of()))));
        jobs.worker("kids", job -> {
            if (job.name().equals("bad")) {
                throw new IllegalStateException("broken kid");
            }
            return "fine";
        }, fast(2));
        jobs.worker("parents", job -> job.childrenValues().size(), fast(1));
        JobQueue parents = jobs.queue("parents");
        JobView failed = awaitState(parents, failing, JobState.FAILED);
        assertThat(failed.failedReason()).contains("child kids:").contains("broken kid");
        assertHistoryFollowsTable(failed);
        await().atMost(WAIT).until(() -> events.contains(new JobEvent.Failed(new JobRef("parents", failing),
                failed.failedReason(), false, null)));
        assertThat(awaitState(parents, ignoring, JobState.COMPLETED).returnValueJson()).isEqualTo("1");
        await().atMost(WAIT).until(() -> jobs.queue("kids").counts().get(JobState.FAILED) == 3);
        assertThat(parents.job(keeping).orElseThrow().state()).isEqualTo(JobState.WAITING_CHILDREN);
    }

    private String add(FlowJob flow) {
        return ((FlowResult.Added) jobs.flows().add(flow)).root().job().id();
    }

    @Test
    void flowIsAddedWholeOrNotAtAll() {
        jobs.queue("leaves").add("taken", 1, JobOptions.builder().jobId("leaf-1").build());
        FlowResult result = jobs.flows().add(FlowJob.parent("roots", "root", 0, List.of(
                FlowJob.leaf("leaves", "a", 1),
                new FlowJob("leaves", "b", 2, JobOptions.builder().jobId("leaf-1").build(), List.of()))));
        assertThat(result).isInstanceOf(FlowResult.Rejected.class);
        assertThat(((FlowResult.Rejected) result).job()).isEqualTo(new JobRef("leaves", "leaf-1"));
        assertThat(jobs.queue("roots").counts().total()).isZero();
        assertThat(jobs.queue("leaves").counts().total()).isEqualTo(1);
    }

    // ---------------------------------------------------------------- schedules

    @Test
    void intervalScheduleFiresEachSlotOnce() {
        JobSchedules schedules = jobs.schedules();
        Schedule every = Schedule.of("tick", "ticks", "tick", Map.of("n", 1), ScheduleTiming.every(Duration.ofMinutes(1)));
        assertThat(schedules.upsert(every)).isEqualTo(UpsertResult.CREATED);
        assertThat(schedules.upsert(every)).isEqualTo(UpsertResult.UNCHANGED);
        assertThat(schedules.get("tick").orElseThrow().nextSlot()).isEqualTo(Instant.parse("2026-01-05T08:00:00Z"));
        assertThat(schedules.fireDue()).isEmpty();
        clock.advance(Duration.ofMinutes(1));
        List<FiredSlot> fired = schedules.fireDue();
        assertThat(fired).containsExactly(new FiredSlot("tick", Instant.parse("2026-01-05T08:00:00Z"),
                new JobRef("ticks", "schedule:tick:" + Instant.parse("2026-01-05T08:00:00Z").toEpochMilli())));
        assertThat(schedules.fireDue()).isEmpty();
        assertThat(jobs.queue("ticks").counts().get(JobState.WAITING)).isEqualTo(1);
        assertThat(schedules.get("tick").orElseThrow().lastSlot()).isEqualTo(Instant.parse("2026-01-05T08:00:00Z"));
        assertThat(schedules.get("tick").orElseThrow().nextSlot()).isEqualTo(Instant.parse("2026-01-05T08:01:00Z"));
    }

    @Test
    void cronScheduleUsesItsTimeZone() {
        Schedule berlin = Schedule.of("morning", "reports", "daily", "r",
                ScheduleTiming.cron("0 9 * * *", ZoneId.of("Europe/Berlin")));
        jobs.schedules().upsert(berlin);
        assertThat(jobs.schedules().get("morning").orElseThrow().nextSlot())
                .isEqualTo(Instant.parse("2026-01-05T08:00:00Z"));
        clock.advance(Duration.ofMinutes(1));
        assertThat(jobs.schedules().fireDue()).extracting(FiredSlot::slot)
                .containsExactly(Instant.parse("2026-01-05T08:00:00Z"));
        assertThat(jobs.schedules().get("morning").orElseThrow().nextSlot())
                .isEqualTo(Instant.parse("2026-01-06T08:00:00Z"));
        assertThatThrownBy(() -> jobs.schedules().upsert(Schedule.of("bad", "q", "n", 1,
                ScheduleTiming.cron("61 * * * *", ZoneId.of("UTC"))))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad cron expression");
        clock.set(Instant.parse("2026-07-06T06:00:00Z"));
        jobs.schedules().upsert(Schedule.of("summer", "reports", "daily", "r",
                ScheduleTiming.cron("0 9 * * *", ZoneId.of("Europe/Berlin"))));
        assertThat(jobs.schedules().get("summer").orElseThrow().nextSlot())
                .isEqualTo(Instant.parse("2026-07-06T07:00:00Z"));
        clock.set(START.plusSeconds(60));
        Schedule seconds = Schedule.of("fast", "q", "n", 1, ScheduleTiming.cron("*/30 * * * * *", ZoneId.of("UTC")));
        jobs.schedules().upsert(seconds);
        assertThat(jobs.schedules().get("fast").orElseThrow().nextSlot()).isEqualTo(START.plusSeconds(60 + 30));
    }

    @Test
    void catchUpAfterDowntimeFiresLatestOrAll() {
        Duration minute = Duration.ofMinutes(1);
        jobs.schedules().upsert(new Schedule("latest", "catch", "l", 1, JobOptions.defaults(),
                ScheduleTiming.every(minute), CatchUp.LATEST));
        jobs.schedules().upsert(new Schedule("all", "catch", "a", 1, JobOptions.defaults(),
                ScheduleTiming.every(minute), CatchUp.ALL));
        clock.advance(Duration.ofMinutes(10).plusSeconds(30));
        // The engine's own schedule thread may fire the due slots first: the jobs in the queue are what counts.
        jobs.schedules().fireDue();
        assertThat(jobs.queue("catch").job("schedule:latest:" + Instant.parse("2026-01-05T08:09:00Z").toEpochMilli()))
                .as("LATEST fires only the last missed slot").isPresent();
        assertThat(jobs.queue("catch").counts().get(JobState.WAITING)).as("1 latest + 10 all").isEqualTo(11);
        assertThat(jobs.schedules().fireDue()).isEmpty();
    }

    @Test
    void schedulesSurviveRestartAndTwoSchedulersNeverFireASlotTwice() {
        jobs.schedules().upsert(Schedule.of("durable", "dq", "d", 1, ScheduleTiming.every(Duration.ofMinutes(1))));
        restart();
        assertThat(jobs.schedules().list()).extracting(ScheduleView::id).containsExactly("durable");
        clock.advance(Duration.ofMinutes(1));
        try (Jobs second = Jobs.open(store, config(1))) {
            List<FiredSlot> a = jobs.schedules().fireDue();
            List<FiredSlot> b = second.schedules().fireDue();
            assertThat(a.size() + b.size()).as("the second engine's own scheduler may have fired first")
                    .isLessThanOrEqualTo(1);
        }
        assertThat(jobs.queue("dq").counts().total()).isEqualTo(1);
        assertThat(jobs.schedules().remove("durable")).isTrue();
        assertThat(jobs.schedules().list()).isEmpty();
    }

    @Test
    void upsertWithNewTimingRestartsSlots() {
        jobs.schedules().upsert(Schedule.of("change", "cq", "c", 1, ScheduleTiming.every(Duration.ofMinutes(1))));
        assertThat(jobs.schedules().upsert(Schedule.of("change", "cq", "c", 2, ScheduleTiming.every(Duration.ofMinutes(1)))))
                .isEqualTo(UpsertResult.UPDATED);
        assertThat(jobs.schedules().get("change").orElseThrow().nextSlot()).isEqualTo(START.plusSeconds(60));
        assertThat(jobs.schedules().upsert(Schedule.of("change", "cq", "c", 2, ScheduleTiming.every(Duration.ofHours(1)))))
                .isEqualTo(UpsertResult.UPDATED);
        assertThat(jobs.schedules().get("change").orElseThrow().nextSlot())
                .isEqualTo(Instant.parse("2026-01-05T08:00:00Z"));
        assertThat(jobs.schedules().get("change").orElseThrow().timing()).isEqualTo("every 3600000ms");
    }

    // ---------------------------------------------------------------- rate limiting

    @Test
    void rateLimitCapsJobsPerWindowAndCountsThrottling() {
        JobQueue queue = jobs.queue("limited");
        queue.rateLimit(RateLimit.of(2, Duration.ofSeconds(1)));
        queue.addBulk(IntStream.range(0, 5).mapToObj(i -> JobRequest.of("n", i)).toList());
        jobs.worker("limited", job -> null, fast(5));
        await().atMost(WAIT).until(() -> queue.counts().get(JobState.COMPLETED) == 2);
        await().pollDelay(Duration.ofMillis(150)).atMost(WAIT).until(() -> true);
        assertThat(queue.counts().get(JobState.COMPLETED)).isEqualTo(2);
        clock.advance(Duration.ofSeconds(1));
        await().atMost(WAIT).until(() -> queue.counts().get(JobState.COMPLETED) == 4);
        assertThat(registry.get("crystal.jobs.limiter.throttled").tag("queue", "limited").counter().count()).isPositive();
        assertThat(registry.get("crystal.jobs.limiter.max").tag("queue", "limited").gauge().value()).isEqualTo(2.0);
    }

    // ---------------------------------------------------------------- control and insight

    @Test
    void pausedQueueHoldsJobsAcrossRestartUntilResumed() {
        JobQueue queue = jobs.queue("held");
        queue.pause();
        String id = queue.add("x", 1).id();
        restart();
        JobQueue reopened = jobs.queue("held");
        assertThat(reopened.isPaused()).isTrue();
        assertThat(reopened.counts().paused()).isTrue();
        jobs.worker("held", job -> null, fast(1));
        await().pollDelay(Duration.ofMillis(100)).atMost(WAIT).until(() -> true);
        assertThat(reopened.job(id).orElseThrow().state()).isEqualTo(JobState.WAITING);
        reopened.resume();
        awaitState(reopened, id, JobState.COMPLETED);
    }

    @Test
    void failedJobCanBeRetriedOrRemoved() {
        JobQueue queue = jobs.queue("ops");
        String first = queue.add("x", 1).id();
        String second = queue.add("x", 2).id();
        AtomicInteger calls = new AtomicInteger();
        jobs.worker("ops", job -> {
            if (calls.incrementAndGet() <= 2) {
                throw new IllegalStateException("first round fails");
            }
            return "recovered";
        }, fast(1));
        awaitState(queue, first, JobState.FAILED);
        awaitState(queue, second, JobState.FAILED);
        assertThat(queue.list(JobState.FAILED, 0, 10)).hasSize(2);
        assertThat(queue.retry(first)).isEqualTo(ControlResult.DONE);
        JobView retried = awaitState(queue, first, JobState.COMPLETED);
        assertThat(retried.returnValueJson()).isEqualTo("\"recovered\"");
        assertHistoryFollowsTable(retried);
        assertThat(queue.retry(first)).isEqualTo(ControlResult.WRONG_STATE);
        assertThat(queue.remove(second)).isEqualTo(ControlResult.DONE);
        assertThat(queue.job(second)).isEmpty();
        assertThat(queue.remove(second)).isEqualTo(ControlResult.NOT_FOUND);
        assertThat(queue.retry("nope")).isEqualTo(ControlResult.NOT_FOUND);
    }

    @Test
    void removedNewestJobsIdIsNeverGivenAgain() {
        JobQueue queue = jobs.queue("ids");
        String first = queue.add("x", 1).id();
        String newest = queue.add("x", 2).id();
        assertThat(queue.remove(newest)).isEqualTo(ControlResult.DONE);
        String next = queue.add("x", 3).id();
        assertThat(next).isNotIn(first, newest);
        assertThat(queue.job(newest)).isEmpty();
    }

    @Test
    void activeJobCannotBeRemoved() throws Exception {
        JobQueue queue = jobs.queue("busy");
        String id = queue.add("x", 1).id();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        jobs.worker("busy", job -> {
            started.countDown();
            release.await();
            return null;
        }, fast(1));
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(queue.remove(id)).isEqualTo(ControlResult.WRONG_STATE);
        assertThat(queue.counts().get(JobState.ACTIVE)).isEqualTo(1);
        assertThat(queue.list(JobState.ACTIVE, 0, 5)).extracting(JobView::id).containsExactly(id);
        release.countDown();
        awaitState(queue, id, JobState.COMPLETED);
    }

    @Test
    void cleanRemovesOldFinishedJobs() {
        JobQueue queue = jobs.queue("clean");
        queue.addBulk(IntStream.range(0, 4).mapToObj(i -> JobRequest.of("n", i)).toList());
        jobs.worker("clean", job -> null, fast(2));
        await().atMost(WAIT).until(() -> queue.counts().get(JobState.COMPLETED) == 4);
        assertThat(queue.clean(JobState.COMPLETED, Duration.ofHours(1), 100)).isEmpty();
        clock.advance(Duration.ofHours(2));
        assertThat(queue.clean(JobState.COMPLETED, Duration.ofHours(1), 3)).hasSize(3);
        assertThat(queue.counts().get(JobState.COMPLETED)).isEqualTo(1);
        assertThatThrownBy(() -> queue.clean(JobState.ACTIVE, Duration.ZERO, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---------------------------------------------------------------- operations: lifo, timeout, promote, data, obliterate

    @Test
    void lifoJobsAreTakenBeforeOlderReadyJobsOfTheirPriority() throws Exception {
        JobQueue queue = jobs.queue("stack");
        JobOptions lifo = JobOptions.builder().lifo(true).build();
        queue.add("n", "a");
        queue.add("n", "x", lifo);
        queue.add("n", "b");
        queue.add("n", "y", lifo);
        queue.addBulk(List.of(JobRequest.of("n", "c"), new JobRequest("n", "z", lifo)));
        queue.add("n", "p2", JobOptions.builder().priority(2).build());
        queue.add("n", "p2-lifo", JobOptions.builder().priority(2).lifo(true).build());
        assertThat(queue.list(JobState.WAITING, 0, 10)).extracting(JobView::dataJson)
                .containsExactly("\"z\"", "\"y\"", "\"x\"", "\"a\"", "\"b\"", "\"c\"");
        assertThat(queue.list(JobState.PRIORITIZED, 0, 10)).extracting(JobView::dataJson)
                .containsExactly("\"p2-lifo\"", "\"p2\"");
        List<String> order = new CopyOnWriteArrayList<>();
        jobs.worker("stack", job -> order.add(job.data(String.class)), fast(1));
        await().atMost(WAIT).until(() -> order.size() == 8);
        assertThat(order).containsExactly("z", "y", "x", "a", "b", "c", "p2-lifo", "p2");
    }

    @Test
    void anAttemptPastItsTimeoutFailsWithTimeoutIsInterruptedAndRetriesByItsBackoff() {
        JobQueue queue = jobs.queue("slow");
        JobOptions retried = JobOptions.builder().timeout(Duration.ofMillis(200)).attempts(2)
                .backoff(Backoff.fixed(Duration.ZERO)).build();
        String retriedId = queue.add("hang-once", 1, retried).id();
        String finalId = queue.add("hang-always", 2, JobOptions.builder().timeout(Duration.ofMillis(200)).build()).id();
        AtomicInteger interrupted = new AtomicInteger();
        jobs.worker("slow", job -> {
            if (job.name().equals("hang-once") && job.attemptsMade() > 0) {
                return "second attempt in time";
            }
            try {
                Thread.sleep(20_000);
            } catch (InterruptedException e) {
                interrupted.incrementAndGet();
                throw e;
            }
            return "too late";
        }, fast(2));
        JobView done = awaitState(queue, retriedId, JobState.COMPLETED);
        assertThat(done.returnValueJson()).isEqualTo("\"second attempt in time\"");
        assertThat(done.attemptsMade()).isEqualTo(2);
        assertThat(done.history()).anySatisfy(step -> {
            assertThat(step.from()).isEqualTo(JobState.ACTIVE);
            assertThat(step.to()).isEqualTo(JobState.WAITING);
            assertThat(step.reason()).contains("TIMEOUT");
        });
        assertHistoryFollowsTable(done);
        JobView failed = awaitState(queue, finalId, JobState.FAILED);
        assertThat(failed.failedReason()).startsWith("TIMEOUT").contains("200ms");
        await().atMost(WAIT).until(() -> interrupted.get() == 2);
    }

    @Test
    void promoteRunsADelayedJobNow() {
        JobQueue queue = jobs.queue("later");
        String id = queue.add("x", 1, JobOptions.builder().delay(Duration.ofHours(1)).build()).id();
        String waiting = queue.add("y", 2).id();
        assertThat(queue.promote(waiting)).isEqualTo(ControlResult.WRONG_STATE);
        assertThat(queue.promote("missing")).isEqualTo(ControlResult.NOT_FOUND);
        assertThat(queue.promote(id)).isEqualTo(ControlResult.DONE);
        assertThat(queue.job(id).orElseThrow().state()).isEqualTo(JobState.WAITING);
        jobs.worker("later", job -> "ran", fast(1));
        JobView done = awaitState(queue, id, JobState.COMPLETED);
        assertThat(done.history()).extracting(JobTransition::reason).contains("promoted by operator");
        assertHistoryFollowsTable(done);
        assertThat(queue.promote(id)).isEqualTo(ControlResult.WRONG_STATE);
    }

    @Test
    void updateDataReplacesTheDataOfJobsThatHaveNotFinished() {
        JobQueue queue = jobs.queue("edit");
        String id = queue.add("x", Map.of("v", 1), JobOptions.builder().delay(Duration.ofMinutes(1)).build()).id();
        assertThat(queue.updateData(id, Map.of("v", 2))).isEqualTo(ControlResult.DONE);
        assertThat(queue.job(id).orElseThrow().dataJson()).isEqualTo("{\"v\":2}");
        assertThat(queue.updateData("missing", 1)).isEqualTo(ControlResult.NOT_FOUND);
        jobs.worker("edit", job -> job.dataJson(), fast(1));
        clock.advance(Duration.ofMinutes(1));
        JobView done = awaitState(queue, id, JobState.COMPLETED);
        assertThat(done.returnValueJson()).isEqualTo("\"{\\\"v\\\":2}\"");
        assertThat(queue.updateData(id, Map.of("v", 3))).isEqualTo(ControlResult.WRONG_STATE);
        assertThat(queue.job(id).orElseThrow().dataJson()).isEqualTo("{\"v\":2}");
    }

    @Test
    void obliterateRemovesTheQueueButNotWhileJobsAreActiveUnlessForced() throws Exception {
        JobQueue queue = jobs.queue("doomed");
        String done = queue.add("done", 0).id();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        JobWorker worker = jobs.worker("doomed", job -> {
            job.log("ran " + job.name());
            if (job.name().equals("busy")) {
                started.countDown();
                release.await();
            }
            return null;
        }, fast(1));
        awaitState(queue, done, JobState.COMPLETED);
        String busy = queue.add("busy", 1).id();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        queue.pause();
        queue.add("waiting", 2);
        queue.add("delayed", 3, JobOptions.builder().delay(Duration.ofHours(1)).build());
        jobs.schedules().upsert(Schedule.of("doomed-tick", "doomed", "tick", 1, ScheduleTiming.every(Duration.ofHours(1))));
        jobs.schedules().upsert(Schedule.of("other-tick", "other", "tick", 1, ScheduleTiming.every(Duration.ofHours(1))));

        assertThat(queue.obliterate(false)).isEqualTo(new ObliterateResult.ActiveJobs("doomed", 1));
        assertThat(queue.counts().total()).isEqualTo(4);

        assertThat(queue.obliterate(true)).isEqualTo(new ObliterateResult.Obliterated("doomed", 4, 1));
        assertThat(queue.counts().total()).isZero();
        assertThat(queue.job(done)).isEmpty();
        assertThat(queue.logs(done)).isEmpty();
        assertThat(jobs.queueNames()).doesNotContain("doomed");
        assertThat(jobs.schedules().list()).extracting(ScheduleView::id).containsExactly("other-tick");
        release.countDown();
        worker.close();
        assertThat(queue.job(busy)).as("the forced-out job's outcome is ignored").isEmpty();
        assertThat(queue.isPaused()).isFalse();
        assertThat(queue.obliterate(false)).isEqualTo(new ObliterateResult.Obliterated("doomed", 0, 0));
    }

    @Test
    void obliterateRemovesABigQueueWhole() {
        JobQueue queue = jobs.queue("big");
        queue.addBulk(IntStream.range(0, 2500).mapToObj(i -> JobRequest.of("n", i)).toList());
        queue.add("n", "late", JobOptions.builder().delay(Duration.ofHours(1)).build());
        assertThat(queue.obliterate(false)).isEqualTo(new ObliterateResult.Obliterated("big", 2501, 0));
        assertThat(queue.counts().total()).isZero();
        assertThat(queue.isPaused()).isFalse();
        assertThat(queue.add("n", "again")).isInstanceOf(AddResult.Added.class);
    }

    @Test
    void cleanRemovesJobsOfAStateOlderThanAnAgeAndReturnsTheirIds() {
        JobQueue queue = jobs.queue("tidy");
        String old1 = queue.add("n", 1, JobOptions.builder().delay(Duration.ofDays(1)).build()).id();
        String old2 = queue.add("n", 2, JobOptions.builder().jobId("custom-2").delay(Duration.ofDays(1)).build()).id();
        clock.advance(Duration.ofHours(2));
        String young = queue.add("n", 3, JobOptions.builder().delay(Duration.ofDays(1)).build()).id();
        assertThat(queue.clean(JobState.DELAYED, Duration.ofHours(1), 100)).containsExactlyInAnyOrder(old1, old2);
        assertThat(queue.list(JobState.DELAYED, 0, 10)).extracting(JobView::id).containsExactly(young);
        assertThat(queue.clean(JobState.DELAYED, Duration.ZERO, 0)).isEmpty();
        assertThat(queue.clean(JobState.WAITING, Duration.ZERO, 10)).isEmpty();
        assertThatThrownBy(() -> queue.clean(JobState.ACTIVE, Duration.ZERO, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("active");
    }

    // ---------------------------------------------------------------- schedules: limit, end date, operator controls

    @Test
    void aScheduleWithALimitAddsThatManyJobsThenEnds() {
        Schedule limited = Schedule.of("twice", "lim", "n", 1, ScheduleTiming.every(Duration.ofMinutes(1))).withLimit(2);
        jobs.schedules().upsert(limited);
        assertThat(jobs.schedules().nextRuns("twice", 5))
                .containsExactly(Instant.parse("2026-01-05T08:00:00Z"), Instant.parse("2026-01-05T08:01:00Z"));
        for (int i = 0; i < 4; i++) {
            clock.advance(Duration.ofMinutes(1));
            jobs.schedules().fireDue();
        }
        assertThat(jobs.queue("lim").counts().total()).isEqualTo(2);
        ScheduleView ended = jobs.schedules().get("twice").orElseThrow();
        assertThat(ended.runs()).isEqualTo(2);
        assertThat(ended.limit()).isEqualTo(2);
        assertThat(ended.ended()).isTrue();
        assertThat(ended.nextSlot()).isNull();
        assertThat(jobs.schedules().nextRuns("twice", 5)).isEmpty();
        restart();
        clock.advance(Duration.ofMinutes(5));
        jobs.schedules().fireDue();
        assertThat(jobs.queue("lim").counts().total()).isEqualTo(2);
    }

    @Test
    void aScheduleFiresNoSlotAfterItsEndDate() {
        Instant end = Instant.parse("2026-01-05T08:01:30Z");
        jobs.schedules().upsert(Schedule.of("until", "end", "n", 1, ScheduleTiming.every(Duration.ofMinutes(1)))
                .withEndDate(end));
        assertThat(jobs.schedules().nextRuns("until", 5))
                .containsExactly(Instant.parse("2026-01-05T08:00:00Z"), Instant.parse("2026-01-05T08:01:00Z"));
        clock.advance(Duration.ofMinutes(10));
        jobs.schedules().upsert(new Schedule("until-all", "end", "n", 1, JobOptions.defaults(),
                ScheduleTiming.every(Duration.ofMinutes(1)), CatchUp.ALL, 0, end));
        assertThat(jobs.schedules().get("until-all").orElseThrow().ended()).as("first slot after its end").isTrue();
        jobs.schedules().fireDue();
        ScheduleView view = jobs.schedules().get("until").orElseThrow();
        assertThat(view.ended()).isTrue();
        assertThat(view.endDate()).isEqualTo(end);
        assertThat(jobs.queue("end").counts().total()).as("LATEST catch-up fires one slot before the end")
                .isEqualTo(1);
        assertThat(jobs.queue("end").job("schedule:until:" + Instant.parse("2026-01-05T08:01:00Z").toEpochMilli()))
                .isPresent();
    }

    @Test
    void operatorsPauseResumeTriggerAndRetimeASchedule() {
        JobSchedules schedules = jobs.schedules();
        schedules.upsert(Schedule.of("ops", "sq", "n", Map.of("k", 1), ScheduleTiming.every(Duration.ofMinutes(1))));
        assertThat(schedules.pause("ops")).isTrue();
        assertThat(schedules.pause("missing")).isFalse();
        clock.advance(Duration.ofMinutes(5));
        assertThat(schedules.fireDue()).isEmpty();
        restart();
        assertThat(jobs.schedules().fireDue()).isEmpty();
        assertThat(jobs.schedules().get("ops").orElseThrow().paused()).isTrue();
        assertThat(jobs.queue("sq").counts().total()).isZero();

        AddResult manual = jobs.schedules().trigger("ops").orElseThrow();
        assertThat(manual).isInstanceOf(AddResult.Added.class);
        assertThat(manual.id()).isEqualTo("schedule:ops:manual:" + clock.millis());
        assertThat(jobs.queue("sq").job(manual.id()).orElseThrow().dataJson()).isEqualTo("{\"k\":1}");
        assertThat(jobs.schedules().trigger("missing")).isEmpty();
        assertThat(jobs.schedules().get("ops").orElseThrow().runs()).as("manual runs do not count").isZero();

        assertThat(jobs.schedules().resume("ops")).isTrue();
        ScheduleView resumed = jobs.schedules().get("ops").orElseThrow();
        assertThat(resumed.paused()).isFalse();
        assertThat(resumed.nextSlot()).as("missed slots are skipped").isEqualTo(Instant.parse("2026-01-05T08:05:00Z"));
        clock.advance(Duration.ofMinutes(1));
        assertThat(jobs.schedules().fireDue()).hasSize(1);
        assertThat(jobs.schedules().get("ops").orElseThrow().runs()).isEqualTo(1);

        ScheduleView retimed = jobs.schedules().setTiming("ops", ScheduleTiming.cron("0 9 * * *", ZoneId.of("Europe/Berlin")))
                .orElseThrow();
        assertThat(retimed.timing()).isEqualTo("cron 0 9 * * * Europe/Berlin");
        assertThat(retimed.nextSlot()).isEqualTo(Instant.parse("2026-01-06T08:00:00Z"));
        assertThat(retimed.runs()).isEqualTo(1);
        assertThat(jobs.schedules().nextRuns("ops", 2))
                .containsExactly(Instant.parse("2026-01-06T08:00:00Z"), Instant.parse("2026-01-07T08:00:00Z"));
        assertThat(jobs.schedules().setTiming("missing", ScheduleTiming.every(Duration.ofMinutes(1)))).isEmpty();
        assertThatThrownBy(() -> jobs.schedules().setTiming("ops", ScheduleTiming.cron("nope", ZoneId.of("UTC"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad cron expression");
        schedules = jobs.schedules();
        schedules.pause("ops");
        ScheduleView pausedRetimed = schedules.setTiming("ops", ScheduleTiming.every(Duration.ofMinutes(1))).orElseThrow();
        assertThat(pausedRetimed.paused()).as("a new pattern keeps the pause").isTrue();
        clock.advance(Duration.ofMinutes(3));
        assertThat(schedules.fireDue()).isEmpty();
    }

    @Test
    void metricsShowDepthCountsAndTimers() {
        JobQueue queue = jobs.queue("metered");
        queue.addBulk(IntStream.range(0, 3).mapToObj(i -> JobRequest.of("n", i)).toList());
        String failing = queue.add("fail", 9).id();
        jobs.worker("metered", job -> {
            if (job.name().equals("fail")) {
                throw new IllegalStateException("x");
            }
            return null;
        }, fast(1));
        awaitState(queue, failing, JobState.FAILED);
        await().atMost(WAIT).until(() -> queue.counts().get(JobState.COMPLETED) == 3);
        await().atMost(WAIT).until(() ->
                registry.get("crystal.jobs.completed").tag("queue", "metered").counter().count() == 3.0);
        assertThat(registry.get("crystal.jobs.failed").tag("queue", "metered").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("crystal.jobs.processing").tag("queue", "metered").timer().count()).isEqualTo(4);
        assertThat(registry.get("crystal.jobs.wait").tag("queue", "metered").timer().count()).isEqualTo(4);
        assertThat(registry.get("crystal.jobs.depth").tags("queue", "metered", "state", "completed").gauge().value())
                .isEqualTo(3.0);
        assertThat(registry.get("crystal.jobs.depth").tags("queue", "metered", "state", "failed").gauge().value())
                .isEqualTo(1.0);
    }

    @Test
    void jobsSurviveRestart() {
        JobQueue queue = jobs.queue("durable");
        List<AddResult> added = queue.addBulk(IntStream.range(0, 10).mapToObj(i -> JobRequest.of("n", i)).toList());
        restart();
        JobQueue reopened = jobs.queue("durable");
        assertThat(reopened.counts().get(JobState.WAITING)).isEqualTo(10);
        List<String> seen = new ArrayList<>();
        for (AddResult result : added) {
            seen.add(reopened.job(result.id()).orElseThrow().dataJson());
        }
        assertThat(seen).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    }

    private static boolean awaitQuietly(CountDownLatch latch, long millis) {
        try {
            return latch.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

package dev.crystal.jobs.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.crystal.jobs.FlowJob;
import dev.crystal.jobs.FlowResult;
import dev.crystal.jobs.JobOptions;
import dev.crystal.jobs.JobQueue;
import dev.crystal.jobs.JobState;
import dev.crystal.jobs.JobTransition;
import dev.crystal.jobs.JobView;
import dev.crystal.jobs.Jobs;
import dev.crystal.jobs.JobsConfig;
import dev.crystal.jobs.QueueEvent;
import dev.crystal.jobs.QueueEventKind;
import dev.crystal.jobs.SandboxOptions;
import dev.crystal.jobs.WorkerOptions;
import dev.crystal.jobs.sqlite.SqliteJobStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sandboxed processors in real child JVMs: a child that exits, runs out of memory or hangs fails only its
 * own job, which is retried; the others complete; the parent keeps a long job's lock.
 */
@Tag("system")
@Timeout(180)
class SandboxedProcessorTest {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path dir;
    SqliteJobStore store;
    Jobs jobs;

    SimpleMeterRegistry registry =
            new SimpleMeterRegistry();

    @BeforeEach
    void open() {
        store = SqliteJobStore.open(dir.resolve("jobs.db"));
        jobs = Jobs.open(store, JobsConfig.builder().stalledInterval(Duration.ofMillis(200)).meterRegistry(registry)
                .build());
    }

    @AfterEach
    void close() {
        jobs.close();
        store.close();
    }

    private static WorkerOptions sandboxed(int processes, Duration timeout, Duration lock) {
        return WorkerOptions.builder().concurrency(processes).pollInterval(Duration.ofMillis(20)).lockDuration(lock)
                .sandbox(SandboxOptions.processes(processes).withTimeout(timeout).withMaxHeap("48m")).build();
    }

    private JobView awaitCompleted(JobQueue queue, String id) {
        await().atMost(WAIT).until(() -> queue.job(id).map(JobView::state).orElse(null) == JobState.COMPLETED);
        return queue.job(id).orElseThrow();
    }

    private static String retryReason(JobView view) {
        return view.history().stream().map(JobTransition::reason).filter(r -> r.startsWith("retry: "))
                .findFirst().orElseThrow();
    }

    @Test
    void aNormalProcessorReturnsItsValueAndReportsProgressFromAChildJvm() throws Exception {
        JobQueue queue = jobs.queue("sandbox-echo");
        String id = queue.add("echo", "hello").id();
        jobs.worker("sandbox-echo", MisbehavingProcessor.class, sandboxed(1, Duration.ofSeconds(30), Duration.ofSeconds(30)));
        JobView done = awaitCompleted(queue, id);
        assertThat(done.returnValueJson()).startsWith("\"echo:hello:pid").doesNotContain("pid" + ProcessHandle.current().pid() + "\"");
        assertThat(done.attemptsMade()).isEqualTo(1);
        assertThat(done.progressJson()).isEqualTo("50");
        assertThat(queue.logs(id)).containsExactly("working on hello");
        List<QueueEvent> events = jobs.queueEvents().read("sandbox-echo", 0, 100, Duration.ZERO);
        assertThat(events).extracting(QueueEvent::kind).containsExactly(QueueEventKind.ADDED, QueueEventKind.WAITING,
                QueueEventKind.ACTIVE, QueueEventKind.PROGRESS, QueueEventKind.COMPLETED);
    }

    @Test
    void exitOutOfMemoryAndHangFailOnlyTheirOwnJobsWhichAreRetriedWhileOthersComplete() {
        JobQueue queue = jobs.queue("sandbox-chaos");
        JobOptions twice = JobOptions.builder().attempts(2).build();
        String exit = queue.add("exit", "x", twice).id();
        String oom = queue.add("oom", "x", twice).id();
        String hang = queue.add("hang", "x", twice).id();
        String boom = queue.add("boom", "x", twice).id();
        List<String> normal = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            normal.add(queue.add("echo", "n" + i).id());
        }
        jobs.worker("sandbox-chaos", MisbehavingProcessor.class, sandboxed(2, Duration.ofSeconds(4), Duration.ofSeconds(30)));

        JobView exited = awaitCompleted(queue, exit);
        assertThat(exited.returnValueJson()).isEqualTo("\"exit:recovered\"");
        assertThat(exited.attemptsMade()).isEqualTo(2);
        assertThat(retryReason(exited)).contains("SandboxFailureException: PROCESS_EXITED").contains("exited with code 7");

        JobView outOfMemory = awaitCompleted(queue, oom);
        assertThat(outOfMemory.attemptsMade()).isEqualTo(2);
        assertThat(retryReason(outOfMemory)).contains("SandboxFailureException: OUT_OF_MEMORY");

        JobView hung = awaitCompleted(queue, hang);
        assertThat(hung.attemptsMade()).isEqualTo(2);
        assertThat(retryReason(hung)).contains("SandboxFailureException: TIMEOUT").contains("PT4S");

        JobView thrown = awaitCompleted(queue, boom);
        assertThat(retryReason(thrown)).contains("IllegalStateException: boom in pid");

        for (String id : normal) {
            JobView done = awaitCompleted(queue, id);
            assertThat(done.attemptsMade()).as("job %s", id).isEqualTo(1);
            assertThat(done.returnValueJson()).startsWith("\"echo:n");
        }
        // exit, out of memory and timeout each replaced a child; a thrown exception did not
        assertThat(registry.get("crystal.jobs.sandbox.restarts").tag("queue", "sandbox-chaos").counter().count())
                .isEqualTo(3.0);
    }

    @Test
    void theParentKeepsTheLockOfAJobThatRunsLongerThanTheLockDuration() {
        JobQueue queue = jobs.queue("sandbox-slow");
        String id = queue.add("slow", 2500).id();
        jobs.worker("sandbox-slow", MisbehavingProcessor.class, sandboxed(1, Duration.ofSeconds(30), Duration.ofMillis(600)));
        JobView done = awaitCompleted(queue, id);
        assertThat(done.returnValueJson()).isEqualTo("\"slow:done\"");
        assertThat(done.stalledCount()).isZero();
        assertThat(done.attemptsStarted()).isEqualTo(1);
    }

    @Test
    void aSandboxedFlowParentReadsItsChildrensValuesThroughTheParentJvm() {
        FlowResult flow = jobs.flows().add(FlowJob.parent("sandbox-parent", "parent",
                0, List.of(FlowJob.leaf("sandbox-kids", "kid", "a"),
                        FlowJob.leaf("sandbox-kids", "kid", "b"))));
        String parent = ((FlowResult.Added) flow).root().job().id();
        jobs.worker("sandbox-kids", job -> "kid " + job.data(String.class), WorkerOptions.builder()
                .pollInterval(Duration.ofMillis(20)).build());
        jobs.worker("sandbox-parent", MisbehavingProcessor.class, sandboxed(1, Duration.ofSeconds(30), Duration.ofSeconds(30)));
        JobView done = awaitCompleted(jobs.queue("sandbox-parent"), parent);
        assertThat(done.returnValueJson()).isEqualTo("[\"\\\"kid a\\\"\",\"\\\"kid b\\\"\"]");
    }

    @Test
    void aLambdaCannotBeSandboxedAndBadOptionsAreRefused() {
        WorkerOptions options = sandboxed(1, Duration.ofSeconds(1), Duration.ofSeconds(30));
        assertThatThrownBy(() -> jobs.worker("sandbox-lambda", job -> 1, options))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("public named class");
        assertThatThrownBy(() -> SandboxOptions.processes(0)).hasMessageContaining("1..64");
        assertThatThrownBy(() -> SandboxOptions.processes(1).withMaxHeap("lots")).hasMessageContaining("256m");
    }
}

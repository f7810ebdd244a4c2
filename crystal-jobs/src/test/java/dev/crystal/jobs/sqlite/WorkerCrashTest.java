package dev.crystal.jobs.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crystal.jobs.JobOptions;
import dev.crystal.jobs.JobQueue;
import dev.crystal.jobs.JobState;
import dev.crystal.jobs.JobTransition;
import dev.crystal.jobs.JobView;
import dev.crystal.jobs.Jobs;
import dev.crystal.jobs.JobsConfig;
import dev.crystal.jobs.WorkerOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a worker process in the middle of a job and shows that after restart the job completes exactly
 * once: the side-effect file holds two starts and one completion, and the job's history one completion.
 */
@Tag("system")
@Timeout(60)
class WorkerCrashTest {
    static final String QUEUE = "crash";
    static final Duration LOCK = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    static void record(Path effects, String line) {
        try {
            Files.writeString(effects, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> lines(Path effects) throws IOException {
        return Files.exists(effects) ? Files.readAllLines(effects) : List.of();
    }

    @Test
    void jobOfAKilledWorkerCompletesExactlyOnceAfterRestart() throws Exception {
        Path db = dir.resolve("jobs.db");
        Path effects = dir.resolve("effects.txt");
        String id;
        try (SqliteJobStore store = SqliteJobStore.open(db); Jobs jobs = Jobs.open(store, JobsConfig.defaults())) {
            id = jobs.queue(QUEUE).add("pay", 1, JobOptions.builder().jobId("payout-1").attempts(3).build()).id();
        }

        Process worker = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CrashWorkerMain.class.getName(),
                db.toString(), effects.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("worker.log").toFile())
                .start();
        try {
            await().atMost(Duration.ofSeconds(40)).until(() -> lines(effects).contains("start " + id));
        } finally {
            worker.destroyForcibly();
            worker.waitFor();
        }
        assertThat(lines(effects)).containsExactly("start " + id);

        JobsConfig restartConfig = JobsConfig.builder().stalledInterval(Duration.ofMillis(100)).build();
        try (SqliteJobStore store = SqliteJobStore.open(db); Jobs jobs = Jobs.open(store, restartConfig)) {
            JobQueue queue = jobs.queue(QUEUE);
            assertThat(queue.job(id).orElseThrow().state()).isEqualTo(JobState.ACTIVE);
            jobs.worker(QUEUE, job -> {
                record(effects, "start " + job.id());
                record(effects, "done " + job.id());
                return "paid";
            }, WorkerOptions.builder().pollInterval(Duration.ofMillis(20)).build());
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> queue.job(id).map(JobView::state).orElse(null) == JobState.COMPLETED);
            JobView done = queue.job(id).orElseThrow();
            assertThat(done.returnValueJson()).isEqualTo("\"paid\"");
            assertThat(done.stalledCount()).isEqualTo(1);
            assertThat(done.attemptsStarted()).isEqualTo(2);
            assertThat(done.history()).extracting(JobTransition::to).containsExactly(JobState.WAITING,
                    JobState.ACTIVE, JobState.WAITING, JobState.ACTIVE, JobState.COMPLETED);
        }
        assertThat(lines(effects)).containsExactly("start " + id, "start " + id, "done " + id);
    }
}

package dev.crystal.jobs.sqlite;

import static dev.crystal.testsupport.CrossProcessEvents.assertLives;
import static dev.crystal.testsupport.CrossProcessEvents.eventLines;
import static dev.crystal.testsupport.CrossProcessEvents.startJvm;
import static org.assertj.core.api.Assertions.assertThat;

import dev.crystal.jobs.JobOptions;
import dev.crystal.jobs.Jobs;
import dev.crystal.jobs.JobsConfig;
import dev.crystal.jobs.WorkerOptions;
import dev.crystal.testsupport.EventsListenerMain;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second JVM opens the same SQLite file read-only and follows a queue's events while this JVM adds and
 * processes jobs: it sees every job's life, in order.
 */
@Tag("system")
@Timeout(90)
class CrossProcessEventsTest {
    @TempDir
    Path dir;

    @Test
    void anotherJvmReadingTheFileSeesEveryJobsLifeInOrder() throws Exception {
        Path db = dir.resolve("jobs.db");
        try (SqliteJobStore store = SqliteJobStore.open(db);
             Jobs jobs = Jobs.open(store, JobsConfig.defaults())) {
            String old = jobs.queue("mail").add("before-the-listener", 0,
                    JobOptions.builder().jobId("before").build()).id();
            jobs.queue("mail").remove(old);
            Process listener = startJvm(EventsListenerMain.class, "sqlite", db.toString(), "mail", "15");
            List<String> ids = new ArrayList<>();
            List<String> lines = eventLines(listener, () -> {
                for (int i = 0; i < 3; i++) {
                    ids.add(jobs.queue("mail").add("welcome", i).id());
                }
                jobs.worker("mail", job -> {
                    job.updateProgress(50);
                    return "sent";
                }, WorkerOptions.builder().pollInterval(Duration.ofMillis(10)).build());
            });
            assertThat(lines).hasSize(15);
            assertThat(lines).noneMatch(l -> l.endsWith(" " + old));
            assertLives(lines, ids);
        }
    }
}

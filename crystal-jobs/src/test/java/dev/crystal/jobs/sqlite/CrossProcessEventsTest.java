package dev.crystal.jobs.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crystal.jobs.EventsListenerMain;
import dev.crystal.jobs.Jobs;
import dev.crystal.jobs.JobsConfig;
import dev.crystal.jobs.WorkerOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import dev.crystal.jobs.JobOptions;
import java.io.IOException;
import org.junit.jupiter.api.Tag;

/**
 * A second JVM opens the same SQLite file read-only and follows a queue's events while this JVM adds and
 * processes jobs: it sees every job's life, in order.
 */
@Tag("system")
@Timeout(90)
public class CrossProcessEventsTest {
    @TempDir
    Path dir;

    /** Starts {@code main} in a new JVM on this test's class path. */
    public static Process startJvm(Class<?> main, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** Reads the listener's lines until it exits; the first is {@code ready}. */
    public static List<String> eventLines(Process listener, Runnable onReady) throws Exception {
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(listener.getInputStream(),
                StandardCharsets.UTF_8))) {
            String ready = out.readLine();
            assertThat(ready).startsWith("ready");
            onReady.run();
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.add(line);
            }
        } finally {
            listener.waitFor(30, TimeUnit.SECONDS);
            listener.destroyForcibly();
        }
        return lines;
    }

    /** Checks each job's events are its whole life in order and that ids grow. */
    public static void assertLives(List<String> lines, List<String> ids) {
        long previous = 0;
        for (String line : lines) {
            long id = Long.parseLong(line.split(" ")[0]);
            assertThat(id).isGreaterThan(previous);
            previous = id;
        }
        for (String job : ids) {
            assertThat(lines.stream().filter(l -> l.endsWith(" " + job)).map(l -> l.split(" ")[1]).toList())
                    .as("events of job %s", job)
                    .containsExactly("added", "waiting", "active", "progress", "completed");
        }
    }

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

package dev.crystal.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A second JVM that follows a queue's events ({@link EventsListenerMain} or a module's own main calling
 * {@link EventsListenerMain#follow}): starting it, reading its lines, checking every job's life in them. Used by the
 * cross-process event tests of every job store. Stateless; called from the test's thread.
 */
public final class CrossProcessEvents {
    private CrossProcessEvents() {
    }

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
}

package dev.crystal.jobs.internal;

import dev.crystal.jobs.SandboxFailureException;
import dev.crystal.jobs.SandboxOptions;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One child JVM of a sandbox pool. A reader thread turns the child's stdout into frames on a queue (an
 * {@code exit} frame when it ends) and another copies its stderr to the log. Used by one processor thread
 * at a time (the pool hands it out); the queue is the only state the reader threads share.
 */
final class SandboxChild {
    private static final Logger LOG = LoggerFactory.getLogger(SandboxChild.class);
    static final Map<String, String> EXIT = Map.of("type", "exit");

    private final Process process;
    private final DataOutputStream toChild;
    private final BlockingQueue<Map<String, String>> frames = new LinkedBlockingQueue<>();
    private volatile boolean broken;
    private boolean ready;

    private SandboxChild(Process process) {
        this.process = process;
        this.toChild = new DataOutputStream(new BufferedOutputStream(process.getOutputStream()));
        DataInputStream fromChild = new DataInputStream(new BufferedInputStream(process.getInputStream()));
        Thread.ofVirtual().name("crystal-sandbox-out-" + process.pid()).start(() -> readFrames(fromChild));
        Thread.ofVirtual().name("crystal-sandbox-err-" + process.pid()).start(this::copyErrors);
    }

    /** Starts a child running {@code processorClass}. */
    static SandboxChild start(String processorClass, SandboxOptions options) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + options.maxHeap(), "-XX:+UseSerialGC"));
        command.addAll(options.jvmArgs());
        command.addAll(List.of("-cp", options.classPath(), SandboxChildMain.class.getName(), processorClass));
        try {
            return new SandboxChild(new ProcessBuilder(command).start());
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a sandbox process for " + processorClass + ": " + e.getMessage(), e);
        }
    }

    long pid() {
        return process.pid();
    }

    /** Whether the child can take another job. */
    boolean usable() {
        return !broken && process.isAlive();
    }

    void send(Map<String, String> frame) throws IOException {
        try {
            SandboxFrames.write(toChild, frame);
        } catch (IOException e) {
            broken = true;
            throw e;
        }
    }

    /**
     * Waits until the child has loaded the processor and said {@code ready} (a job's timeout starts after
     * that, so a slow JVM start is not counted against the job).
     *
     * @throws SandboxFailureException PROCESS_EXITED if the child ended or did not start in time
     */
    void awaitReady(Duration limit, String what) throws InterruptedException {
        if (ready) {
            return;
        }
        Map<String, String> frame = frames.poll(limit.toNanos(), TimeUnit.NANOSECONDS);
        if (frame == null) {
            kill();
            throw new SandboxFailureException(SandboxFailureException.Reason.PROCESS_EXITED, "sandbox process "
                    + pid() + " did not start within " + limit + " for " + what + "; it was killed");
        }
        if (frame == EXIT) {
            throw exited("the start, before " + what);
        }
        ready = true;
    }

    /** The next frame within {@code nanos}, skipping {@code ready}; {@code null} on timeout. */
    Map<String, String> next(long nanos) throws InterruptedException {
        while (true) {
            Map<String, String> frame = frames.poll(Math.max(0, nanos), TimeUnit.NANOSECONDS);
            if (frame == null || !"ready".equals(frame.get("type"))) {
                return frame;
            }
        }
    }

    /** Why the child ended, once its stdout closed: the exit code decides between crash and out of memory. */
    SandboxFailureException exited(String what) throws InterruptedException {
        broken = true;
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
        int code = process.exitValue();
        if (code == SandboxFrames.OUT_OF_MEMORY_EXIT) {
            return new SandboxFailureException(SandboxFailureException.Reason.OUT_OF_MEMORY,
                    "sandbox process " + pid() + " ran out of memory while running " + what);
        }
        return new SandboxFailureException(SandboxFailureException.Reason.PROCESS_EXITED,
                "sandbox process " + pid() + " exited with code " + code + " while running " + what);
    }

    /** Kills the child (a hung job, a broken stream). */
    void kill() {
        broken = true;
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Ends an idle child: its stdin closes, so it exits; killed if it does not within a second. */
    void close() {
        broken = true;
        try {
            toChild.close();
        } catch (IOException ignored) {
            // the child is gone already
        }
        try {
            if (!process.waitFor(1, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void readFrames(DataInputStream fromChild) {
        try {
            for (Map<String, String> frame = SandboxFrames.read(fromChild); frame != null;
                 frame = SandboxFrames.read(fromChild)) {
                frames.add(frame);
            }
        } catch (IOException e) {
            LOG.debug("sandbox process {} stdout ended: {}", process.pid(), e.toString());
        } finally {
            broken = true;
            frames.add(EXIT);
        }
    }

    private void copyErrors() {
        try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line = err.readLine(); line != null; line = err.readLine()) {
                LOG.info("sandbox {}: {}", process.pid(), line);
            }
        } catch (IOException ignored) {
            // the child is gone
        }
    }
}

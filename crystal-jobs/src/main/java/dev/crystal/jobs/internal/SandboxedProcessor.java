package dev.crystal.jobs.internal;

import dev.crystal.jobs.JobContext;
import dev.crystal.jobs.JobProcessor;
import dev.crystal.jobs.JobRef;
import dev.crystal.jobs.JsonPayload;
import dev.crystal.jobs.SandboxFailureException;
import dev.crystal.jobs.SandboxOptions;
import dev.crystal.jobs.UnrecoverableJobException;
import io.micrometer.core.instrument.Counter;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A processor that runs each job in one of a pool of child JVMs (see {@link dev.crystal.jobs.SandboxOptions}).
 * A processing thread takes an idle child, sends the job, relays progress, logs and children's values
 * while it waits, and returns the child's outcome; a child that exits, runs out of memory or passes the
 * timeout fails the attempt with a {@link SandboxFailureException} and is replaced by a fresh one. The
 * idle queue is the pool's only shared state; a child belongs to the thread that took it.
 */
final class SandboxedProcessor implements JobProcessor, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SandboxedProcessor.class);

    /** Longest wait for a child JVM to start and load the processor. */
    static final Duration STARTUP_LIMIT = Duration.ofSeconds(60);

    private final String processorClass;
    private final SandboxOptions options;
    private final BlockingQueue<SandboxChild> idle = new LinkedBlockingQueue<>();
    private final List<SandboxChild> all = new CopyOnWriteArrayList<>();
    private final Counter restarted;
    private final AtomicBoolean closed = new AtomicBoolean();

    SandboxedProcessor(String processorClass, SandboxOptions options, Counter restarted) {
        this.processorClass = processorClass;
        this.options = options;
        this.restarted = restarted;
        for (int i = 0; i < options.processes(); i++) {
            idle.add(startChild());
        }
    }

    private SandboxChild startChild() {
        SandboxChild child = SandboxChild.start(processorClass, options);
        all.add(child);
        return child;
    }

    @Override
    public Object process(JobContext job) throws Exception {
        SandboxChild child = idle.take();
        if (!child.usable()) {
            child = replace(child);
        }
        // the child is reused only after it answered (value or the processor's exception); after anything
        // else (it died, timed out, or this thread was interrupted mid-job) it is replaced
        boolean answered = false;
        try {
            Object value = run(child, job);
            answered = true;
            return value;
        } catch (SandboxedJobException | UnrecoverableJobException e) {
            answered = true;
            throw e;
        } catch (SandboxFailureException e) {
            LOG.warn("sandboxed job {} failed: {}", job.ref(), e.getMessage());
            throw e;
        } finally {
            if (closed.get()) {
                child.close();
            } else {
                idle.add(answered && child.usable() ? child : replace(child));
            }
        }
    }

    private SandboxChild replace(SandboxChild child) {
        child.kill();
        all.remove(child);
        restarted.increment();
        return startChild();
    }

    private Object run(SandboxChild child, JobContext job) throws Exception {
        String what = "job " + job.ref();
        Map<String, String> frame = new HashMap<>();
        frame.put("type", "job");
        frame.put("queue", job.ref().queue());
        frame.put("id", job.ref().id());
        frame.put("name", job.name());
        frame.put("data", job.dataJson());
        if (job.correlationId() != null) {
            frame.put("correlationId", job.correlationId());
        }
        frame.put("attemptsMade", Integer.toString(job.attemptsMade()));
        frame.put("maxAttempts", Integer.toString(job.maxAttempts()));
        child.awaitReady(STARTUP_LIMIT, what);
        try {
            child.send(frame);
        } catch (IOException e) {
            throw child.exited(what);
        }
        long deadline = System.nanoTime() + options.timeout().toNanos();
        while (true) {
            Map<String, String> answer = child.next(deadline - System.nanoTime());
            if (answer == null) {
                child.kill();
                throw new SandboxFailureException(SandboxFailureException.Reason.TIMEOUT, what + " ran longer than "
                        + options.timeout() + " in sandbox process " + child.pid() + "; the process was killed");
            }
            switch (answer.get("type")) {
                case "progress" -> job.updateProgress(new JsonPayload(answer.get("json")));
                case "log" -> job.log(answer.get("line"));
                case "children" -> child.send(Map.of("type", "children", "values", children(job)));
                case "completed" -> {
                    return new JsonPayload(answer.get("json"));
                }
                case "failed" -> throw failure(answer);
                case "oom" -> {
                    child.exited(what);
                    throw new SandboxFailureException(SandboxFailureException.Reason.OUT_OF_MEMORY,
                            "sandbox process " + child.pid() + " ran out of memory while running " + what + " ("
                                    + answer.get("message") + ")");
                }
                case "exit" -> throw child.exited(what);
                default -> throw new IllegalStateException("unexpected sandbox frame " + answer);
            }
        }
    }

    private static String children(JobContext job) throws IOException {
        List<List<String>> values = new ArrayList<>();
        for (Map.Entry<JobRef, String> child : job.childrenValues().entrySet()) {
            values.add(Arrays.asList(child.getKey().queue(), child.getKey().id(), child.getValue()));
        }
        return SandboxFrames.json().writeValueAsString(values);
    }

    private static Exception failure(Map<String, String> answer) {
        String error = answer.get("error");
        String simple = error.substring(error.lastIndexOf('.') + 1);
        String message = answer.get("message");
        String text = simple + (message == null || message.isEmpty() ? "" : ": " + message);
        if (Boolean.parseBoolean(answer.get("unrecoverable"))) {
            return new UnrecoverableJobException(text);
        }
        return new SandboxedJobException(text);
    }

    /** Ends every child; jobs still running in one fail their attempt (their lock then decides). */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            for (SandboxChild child : all) {
                child.close();
            }
        }
    }

    /** The processor in the child threw; the message names its exception class and message. */
    static final class SandboxedJobException extends Exception {
        SandboxedJobException(String message) {
            super(message, null, false, false);
        }
    }
}

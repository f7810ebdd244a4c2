package dev.crystal.jobs.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.crystal.jobs.BadPayloadException;
import dev.crystal.jobs.JobContext;
import dev.crystal.jobs.JobProcessor;
import dev.crystal.jobs.JobRef;
import dev.crystal.jobs.JsonMappers;
import dev.crystal.jobs.UnrecoverableJobException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The main class of a sandbox child JVM: loads the processor class named by its argument, answers
 * {@code ready}, then runs one job per {@code job} frame read from stdin and writes its outcome to stdout
 * (see {@link SandboxFrames}); {@code System.out} is sent to stderr so a processor's printing cannot
 * corrupt the frames. It exits when stdin ends. After an {@link OutOfMemoryError} it reports {@code oom}
 * and halts with {@link SandboxFrames#OUT_OF_MEMORY_EXIT}. Single-threaded: the main thread owns
 * everything.
 */
public final class SandboxChildMain {
    private SandboxChildMain() {
    }

    /** Args: the processor's class name. */
    public static void main(String[] args) throws Exception {
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out)));
        System.setOut(System.err);
        DataInputStream in = new DataInputStream(new BufferedInputStream(System.in));
        JobProcessor processor = (JobProcessor) Class.forName(args[0]).getConstructor().newInstance();
        JsonCodec codec = new JsonCodec(JsonMappers.sortedKeys());
        SandboxFrames.write(out, Map.of("type", "ready"));
        for (Map<String, String> job = SandboxFrames.read(in); job != null; job = SandboxFrames.read(in)) {
            run(processor, codec, job, in, out);
        }
    }

    private static void run(JobProcessor processor, JsonCodec codec, Map<String, String> job, DataInputStream in,
                            DataOutputStream out) throws IOException {
        Map<String, String> outcome = new HashMap<>();
        try {
            Object value = processor.process(new ChildContext(job, codec, in, out));
            outcome.put("type", "completed");
            outcome.put("json", codec.write(value, "return value of job " + job.get("id")));
        } catch (OutOfMemoryError e) {
            try {
                SandboxFrames.write(out, Map.of("type", "oom", "message", String.valueOf(e.getMessage())));
            } finally {
                Runtime.getRuntime().halt(SandboxFrames.OUT_OF_MEMORY_EXIT);
            }
        } catch (Throwable e) {
            outcome.put("type", "failed");
            outcome.put("error", e.getClass().getName());
            outcome.put("message", e.getMessage() == null ? "" : e.getMessage());
            outcome.put("unrecoverable", Boolean.toString(e instanceof UnrecoverableJobException
                    || e instanceof BadPayloadException));
        }
        SandboxFrames.write(out, outcome);
    }

    /** The job context inside the child: progress, logs and children's values travel to the parent. */
    private static final class ChildContext implements JobContext {
        private final Map<String, String> job;
        private final JsonCodec codec;
        private final DataInputStream in;
        private final DataOutputStream out;
        private Map<JobRef, String> children;

        ChildContext(Map<String, String> job, JsonCodec codec, DataInputStream in, DataOutputStream out) {
            this.job = job;
            this.codec = codec;
            this.in = in;
            this.out = out;
        }

        @Override
        public JobRef ref() {
            return new JobRef(job.get("queue"), job.get("id"));
        }

        @Override
        public String name() {
            return job.get("name");
        }

        @Override
        public String dataJson() {
            return job.get("data");
        }

        @Override
        public <T> T data(Class<T> type) {
            return codec.read(job.get("data"), type, "data of job " + ref());
        }

        @Override
        public String correlationId() {
            return job.get("correlationId");
        }

        @Override
        public int attemptsMade() {
            return Integer.parseInt(job.get("attemptsMade"));
        }

        @Override
        public int maxAttempts() {
            return Integer.parseInt(job.get("maxAttempts"));
        }

        @Override
        public void updateProgress(Object progress) {
            send(Map.of("type", "progress", "json", codec.write(progress, "progress of job " + ref())));
        }

        @Override
        public void log(String line) {
            send(Map.of("type", "log", "line", line));
        }

        @Override
        public Map<JobRef, String> childrenValues() {
            if (children == null) {
                send(Map.of("type", "children"));
                try {
                    Map<String, String> answer = SandboxFrames.read(in);
                    List<List<String>> values = SandboxFrames.json().readValue(answer.get("values"),
                            new TypeReference<>() {
                            });
                    Map<JobRef, String> read = new LinkedHashMap<>();
                    for (List<String> value : values) {
                        read.put(new JobRef(value.get(0), value.get(1)), value.get(2));
                    }
                    children = read;
                } catch (IOException e) {
                    throw new UncheckedIOException("the parent did not answer with the children's values", e);
                }
            }
            return children;
        }

        @Override
        public <T> T childValue(JobRef child, Class<T> type) {
            return codec.read(childrenValues().get(child), type, "return value of child " + child);
        }

        private void send(Map<String, String> frame) {
            try {
                SandboxFrames.write(out, frame);
            } catch (IOException e) {
                throw new UncheckedIOException("the sandbox parent is gone", e);
            }
        }
    }
}

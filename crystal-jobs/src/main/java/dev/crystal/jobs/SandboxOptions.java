package dev.crystal.jobs;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Runs a worker's processor in separate JVM processes (BullMQ's sandboxed processors): a pool of
 * {@code processes} child JVMs started with the same class path, each running one job at a time. A
 * processor that calls {@code System.exit}, runs out of memory or hangs past {@code timeout} fails only
 * its job (reasons {@code PROCESS_EXITED}, {@code OUT_OF_MEMORY}, {@code TIMEOUT}; see
 * {@link SandboxFailureException}); the child is replaced and the job is retried by its back-off while
 * other children keep running. The parent keeps the job's lock while the child works. Immutable; set with
 * {@link WorkerOptions.Builder#sandbox(SandboxOptions)}.
 *
 * @param processes child JVMs in the pool (1..64); the worker's concurrency should not exceed it, since a
 *                  job waits (locked) for a free child
 * @param timeout   longest run of one job in a child before it is killed
 * @param maxHeap   each child's {@code -Xmx}, such as {@code 256m}
 * @param jvmArgs   further JVM options for the children
 * @param classPath the children's class path ({@code java.class.path} of this JVM by default)
 */
public record SandboxOptions(int processes, Duration timeout, String maxHeap, List<String> jvmArgs, String classPath) {
    /** Job run time limit when not set. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);
    /** Child heap when not set. */
    public static final String DEFAULT_MAX_HEAP = "256m";

    public SandboxOptions {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(maxHeap, "maxHeap");
        Objects.requireNonNull(classPath, "classPath");
        jvmArgs = List.copyOf(jvmArgs);
        if (processes < 1 || processes > 64) {
            throw new IllegalArgumentException("sandbox processes must be within 1..64 but was " + processes);
        }
        if (timeout.toMillis() < 1) {
            throw new IllegalArgumentException("sandbox timeout must be at least 1ms but was " + timeout);
        }
        if (!maxHeap.matches("[0-9]+[kKmMgG]?")) {
            throw new IllegalArgumentException("sandbox maxHeap must look like 256m or 1g but was '" + maxHeap + "'");
        }
    }

    /** A pool of {@code processes} children with the default timeout, heap and class path. */
    public static SandboxOptions processes(int processes) {
        return new SandboxOptions(processes, DEFAULT_TIMEOUT, DEFAULT_MAX_HEAP, List.of(),
                System.getProperty("java.class.path"));
    }

    /** The same pool with another job time limit. */
    public SandboxOptions withTimeout(Duration timeout) {
        return new SandboxOptions(processes, timeout, maxHeap, jvmArgs, classPath);
    }

    /** The same pool with another child heap ({@code -Xmx}). */
    public SandboxOptions withMaxHeap(String maxHeap) {
        return new SandboxOptions(processes, timeout, maxHeap, jvmArgs, classPath);
    }

    /** The same pool with further child JVM options. */
    public SandboxOptions withJvmArgs(List<String> jvmArgs) {
        return new SandboxOptions(processes, timeout, maxHeap, jvmArgs, classPath);
    }

    /** The same pool with another class path for the children. */
    public SandboxOptions withClassPath(String classPath) {
        return new SandboxOptions(processes, timeout, maxHeap, jvmArgs, classPath);
    }
}

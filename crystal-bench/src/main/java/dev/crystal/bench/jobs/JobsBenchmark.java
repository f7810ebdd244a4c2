package dev.crystal.bench.jobs;

import com.sun.management.OperatingSystemMXBean;
import dev.crystal.jobs.FlowJob;
import dev.crystal.jobs.FlowResult;
import dev.crystal.jobs.JobEvent;
import dev.crystal.jobs.JobEvents;
import dev.crystal.jobs.JobOptions;
import dev.crystal.jobs.JobQueue;
import dev.crystal.jobs.JobRef;
import dev.crystal.jobs.JobRequest;
import dev.crystal.jobs.JobStores;
import dev.crystal.jobs.JobWorker;
import dev.crystal.jobs.Jobs;
import dev.crystal.jobs.JobsConfig;
import dev.crystal.jobs.WorkerOptions;
import dev.crystal.jobs.spi.JobStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Measures the embedded job store end to end through the public API: enqueue (single and bulk), no-op
 * processing at several concurrencies, add-to-complete latency at a steady rate, and a one-parent /
 * hundred-children flow. Runs on the calling thread; each phase uses its own queues in one fresh SQLite
 * file with durable commits.
 */
public final class JobsBenchmark {

    /**
     * What to run.
     *
     * @param dir            directory for the database file (created if missing)
     * @param singleAdds     jobs added one call (one commit) at a time
     * @param bulkJobs       jobs added with addBulk
     * @param bulkChunk      jobs per addBulk call
     * @param processJobs    jobs processed per concurrency level
     * @param concurrencies  worker concurrency levels to measure
     * @param latencyRate    jobs per second in the latency phase
     * @param latencyJobs    jobs in the latency phase
     * @param flowRuns       flows run (1 parent + {@code flowChildren} children each)
     * @param flowChildren   children per flow
     */
    public record Settings(Path dir, int singleAdds, int bulkJobs, int bulkChunk, int processJobs,
                           List<Integer> concurrencies, int latencyRate, int latencyJobs, int flowRuns,
                           int flowChildren) {

        /** A run of a few seconds per phase. */
        public static Settings quick(Path dir) {
            return new Settings(dir, 2_000, 100_000, 1_000, 50_000, List.of(1, 10, 100), 100, 500, 20, 100);
        }
    }

    /** One processing measurement ({@code prefetch} jobs claimed ahead of free processors). */
    public record Processing(int concurrency, int prefetch, int jobs, double jobsPerSecond, double cpuMicrosPerJob) {
    }

    /**
     * The figures.
     *
     * @param singleAddsPerSecond sequential single adds (each waits for its commit)
     * @param bulkAddsPerSecond   jobs per second through addBulk
     * @param bulkCpuMicrosPerJob CPU time of the whole process (all threads) per bulk-added job
     * @param processing          no-op processing throughput per concurrency
     * @param latencyP50Millis    add-to-completed-event latency, median
     * @param latencyP99Millis    add-to-completed-event latency, 99th percentile
     * @param flowMedianMillis    flow add to parent completed, median
     * @param flowMaxMillis       flow add to parent completed, worst run
     */
    public record Result(double singleAddsPerSecond, double bulkAddsPerSecond, double bulkCpuMicrosPerJob,
                         List<Processing> processing,
                         double latencyP50Millis, double latencyP99Millis, double flowMedianMillis,
                         double flowMaxMillis) {

        /** A readable multi-line report. */
        public String report() {
            StringBuilder text = new StringBuilder();
            text.append(String.format("enqueue single (sequential, 1 commit each): %,.0f jobs/s%n", singleAddsPerSecond));
            text.append(String.format("enqueue bulk (addBulk):                     %,.0f jobs/s (%.1f us process CPU per job)%n",
                    bulkAddsPerSecond, bulkCpuMicrosPerJob));
            for (Processing p : processing) {
                text.append(String.format("no-op processing, concurrency %3d, prefetch %3d: %,.0f jobs/s (%,d jobs, "
                        + "%.1f us process CPU per job)%n", p.concurrency(), p.prefetch(), p.jobsPerSecond(), p.jobs(),
                        p.cpuMicrosPerJob()));
            }
            text.append(String.format("add-to-complete latency at steady rate:     p50 %.2f ms, p99 %.2f ms%n",
                    latencyP50Millis, latencyP99Millis));
            text.append(String.format("flow 1 parent + children:                   median %.1f ms, max %.1f ms%n",
                    flowMedianMillis, flowMaxMillis));
            return text.toString();
        }
    }

    /** Prefetch of the second run at each concurrency: max(concurrency, this). */
    public static final int MIN_PREFETCH = 50;

    private JobsBenchmark() {
    }

    /**
     * Runs {@link Settings#quick} and prints the report. Arguments: an optional directory, then optional
     * {@code key=value} overrides: {@code single}, {@code bulk}, {@code process}, {@code concurrency}
     * (comma-separated), {@code latency} (jobs), {@code flows}; 0 skips a phase.
     */
    public static void main(String[] args) throws IOException {
        System.out.print(run(parse(args)).report());
    }

    /**
     * Reads the arguments of {@link #main}: an optional directory, then {@code key=value} overrides.
     *
     * @throws IllegalArgumentException naming the argument and the valid keys when one is not understood
     * @throws IOException              when no directory is given and a temporary one cannot be made
     */
    public static Settings parse(String[] args) throws IOException {
        Path dir = args.length > 0 && !args[0].contains("=") ? Path.of(args[0])
                : Files.createTempDirectory("crystal-jobs-bench");
        Settings s = Settings.quick(dir);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String[] pair = arg.split("=", 2);
            if (pair.length != 2) {
                if (i == 0) {
                    continue;
                }
                throw new IllegalArgumentException("'" + arg + "' is not KEY=N (keys: single, bulk, process, "
                        + "concurrency, latency, flows; the directory comes first)");
            }
            int value = pair[0].equals("concurrency") ? 0 : number(pair[0], pair[1]);
            s = switch (pair[0]) {
                case "single" -> new Settings(dir, value, s.bulkJobs(), s.bulkChunk(), s.processJobs(),
                        s.concurrencies(), s.latencyRate(), s.latencyJobs(), s.flowRuns(), s.flowChildren());
                case "bulk" -> new Settings(dir, s.singleAdds(), value, s.bulkChunk(), s.processJobs(),
                        s.concurrencies(), s.latencyRate(), s.latencyJobs(), s.flowRuns(), s.flowChildren());
                case "process" -> new Settings(dir, s.singleAdds(), s.bulkJobs(), s.bulkChunk(), value,
                        s.concurrencies(), s.latencyRate(), s.latencyJobs(), s.flowRuns(), s.flowChildren());
                case "concurrency" -> new Settings(dir, s.singleAdds(), s.bulkJobs(), s.bulkChunk(), s.processJobs(),
                        Arrays.stream(pair[1].split(",")).map(c -> number("concurrency", c)).toList(), s.latencyRate(),
                        s.latencyJobs(), s.flowRuns(), s.flowChildren());
                case "latency" -> new Settings(dir, s.singleAdds(), s.bulkJobs(), s.bulkChunk(), s.processJobs(),
                        s.concurrencies(), s.latencyRate(), value, s.flowRuns(), s.flowChildren());
                case "flows" -> new Settings(dir, s.singleAdds(), s.bulkJobs(), s.bulkChunk(), s.processJobs(),
                        s.concurrencies(), s.latencyRate(), s.latencyJobs(), value, s.flowChildren());
                default -> throw new IllegalArgumentException("unknown setting '" + pair[0]
                        + "' (keys: single, bulk, process, concurrency, latency, flows)");
            };
        }
        return s;
    }

    private static int number(String key, String text) {
        try {
            int n = Integer.parseInt(text.trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "=" + text + ": '" + text + "' is not a whole number >= 0");
        }
    }

    /** Runs every phase. */
    public static Result run(Settings settings) {
        return run(settings, step -> { });
    }

    /**
     * Runs every phase, telling {@code progress} which phase starts.
     *
     * @param settings what to run
     * @param progress receives one line per phase, e.g. {@code phase 2/5: bulk adds (100000 jobs)}
     * @return the figures
     */
    public static Result run(Settings settings, Consumer<String> progress) {
        try {
            Files.createDirectories(settings.dir());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path file = settings.dir().resolve("bench-" + System.nanoTime() + ".db");
        try (JobStore store = JobStores.sqlite(file)) {
            return run(settings, store, progress);
        } finally {
            deleteQuietly(file);
        }
    }

    /** Runs every phase against {@code store} (left open; {@code settings.dir()} is not used). */
    public static Result run(Settings settings, JobStore store) {
        return run(settings, store, step -> { });
    }

    /** As {@link #run(Settings, JobStore)}, telling {@code progress} which phase starts. */
    public static Result run(Settings settings, JobStore store, Consumer<String> progress) {
        try (Jobs jobs = Jobs.open(store, JobsConfig.defaults())) {
            progress.accept("phase 1/5: single adds (" + settings.singleAdds() + " jobs)");
            double single = settings.singleAdds() > 0 ? singleAdds(jobs.queue("bench-single"), settings.singleAdds()) : 0;
            long cpuBefore = processCpuNanos();
            progress.accept("phase 2/5: bulk adds (" + settings.bulkJobs() + " jobs)");
            double bulk = settings.bulkJobs() > 0
                    ? bulkAdds(jobs.queue("bench-bulk"), settings.bulkJobs(), settings.bulkChunk()) : 0;
            double bulkCpu = settings.bulkJobs() > 0
                    ? (processCpuNanos() - cpuBefore) / 1e3 / settings.bulkJobs() : 0;
            List<Processing> processing = new ArrayList<>();
            for (int concurrency : settings.processJobs() > 0 ? settings.concurrencies() : List.<Integer>of()) {
                progress.accept("phase 3/5: processing " + settings.processJobs() + " jobs at concurrency "
                        + concurrency);
                processing.add(processing(jobs, concurrency, 0, settings));
                processing.add(processing(jobs, concurrency, Math.max(concurrency, MIN_PREFETCH), settings));
            }
            progress.accept("phase 4/5: add-to-complete latency (" + settings.latencyJobs() + " jobs at "
                    + settings.latencyRate() + "/s)");
            double[] latency = settings.latencyJobs() > 0 ? latency(jobs, settings.latencyRate(), settings.latencyJobs())
                    : new double[2];
            progress.accept("phase 5/5: flows (" + settings.flowRuns() + " parents with " + settings.flowChildren()
                    + " children)");
            double[] flow = settings.flowRuns() > 0 ? flows(jobs, settings.flowRuns(), settings.flowChildren())
                    : new double[2];
            return new Result(single, bulk, bulkCpu, processing, latency[0], latency[1], flow[0], flow[1]);
        }
    }

    private static double singleAdds(JobQueue queue, int count) {
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            queue.add("single", i);
        }
        return perSecond(count, System.nanoTime() - start);
    }

    private static double bulkAdds(JobQueue queue, int count, int chunk) {
        List<JobRequest> batch = IntStream.range(0, chunk).mapToObj(i -> JobRequest.of("bulk", i)).toList();
        long start = System.nanoTime();
        for (int added = 0; added < count; added += chunk) {
            queue.addBulk(batch);
        }
        return perSecond(count, System.nanoTime() - start);
    }

    private static Processing processing(Jobs jobs, int concurrency, int prefetch, Settings settings) {
        String name = "bench-process-" + concurrency + "-" + prefetch;
        int count = concurrency == 1 ? Math.min(settings.processJobs(), 20_000) : settings.processJobs();
        JobQueue queue = jobs.queue(name);
        List<JobRequest> batch = IntStream.range(0, 1_000).mapToObj(i -> JobRequest.of("noop", i)).toList();
        for (int added = 0; added < count; added += batch.size()) {
            queue.addBulk(batch);
        }
        int total = (count + batch.size() - 1) / batch.size() * batch.size();
        CountDownLatch completed = new CountDownLatch(total);
        JobEvents.Subscription subscription = jobs.events().subscribe(event -> {
            if (event instanceof JobEvent.Completed done && done.job().queue().equals(name)) {
                completed.countDown();
            }
        });
        try {
            long start = System.nanoTime();
            long cpuStart = processCpuNanos();
            JobWorker worker = jobs.worker(name, job -> null,
                    WorkerOptions.builder().concurrency(concurrency).prefetch(prefetch).build());
            await(completed);
            long elapsed = System.nanoTime() - start;
            double cpuPerJob = (processCpuNanos() - cpuStart) / 1e3 / total;
            worker.close();
            return new Processing(concurrency, prefetch, total, perSecond(total, elapsed), cpuPerJob);
        } finally {
            subscription.close();
        }
    }

    private static double[] latency(Jobs jobs, int rate, int count) {
        String name = "bench-latency";
        Map<String, Long> addedAt = new ConcurrentHashMap<>();
        long[] latencies = new long[count];
        CountDownLatch completed = new CountDownLatch(count);
        JobQueue queue = jobs.queue(name);
        JobEvents.Subscription subscription = jobs.events().subscribe(event -> {
            if (event instanceof JobEvent.Completed done && done.job().queue().equals(name)) {
                long now = System.nanoTime();
                Long start = addedAt.remove(done.job().id());
                if (start != null) {
                    latencies[(int) (count - completed.getCount())] = now - start;
                    completed.countDown();
                }
            }
        });
        try {
            JobWorker worker = jobs.worker(name, job -> null, WorkerOptions.builder().concurrency(10).build());
            long interval = TimeUnit.SECONDS.toNanos(1) / rate;
            long next = System.nanoTime();
            for (int i = 0; i < count; i++) {
                while (System.nanoTime() < next) {
                    LockSupport.parkNanos(next - System.nanoTime());
                }
                String id = "lat-" + i;
                addedAt.put(id, System.nanoTime());
                queue.add("latency", i, JobOptions.builder().jobId(id).build());
                next += interval;
            }
            await(completed);
            worker.close();
        } finally {
            subscription.close();
        }
        Arrays.sort(latencies);
        return new double[] {millis(latencies[count / 2]), millis(latencies[(int) Math.ceil(count * 0.99) - 1])};
    }

    private static double[] flows(Jobs jobs, int runs, int children) {
        Map<JobRef, CountDownLatch> parents = new ConcurrentHashMap<>();
        long[] durations = new long[runs];
        JobEvents.Subscription subscription = jobs.events().subscribe(event -> {
            if (event instanceof JobEvent.Completed done) {
                CountDownLatch latch = parents.get(done.job());
                if (latch != null) {
                    latch.countDown();
                }
            }
        });
        try {
            JobWorker childWorker = jobs.worker("bench-flow-children", job -> job.data(Integer.class),
                    WorkerOptions.builder().concurrency(100).build());
            JobWorker parentWorker = jobs.worker("bench-flow-parents", job -> job.childrenValues().size(),
                    WorkerOptions.builder().concurrency(1).build());
            for (int run = 0; run < runs; run++) {
                List<FlowJob> kids = IntStream.range(0, children)
                        .mapToObj(i -> FlowJob.leaf("bench-flow-children", "child", i)).toList();
                FlowJob flow = FlowJob.parent("bench-flow-parents", "parent", run, kids);
                CountDownLatch done = new CountDownLatch(1);
                long start = System.nanoTime();
                FlowResult result = jobs.flows().add(flow);
                JobRef parent = ((FlowResult.Added) result).root().job();
                parents.put(parent, done);
                if (jobs.queue(parent.queue()).job(parent.id()).map(view -> view.state().isFinished()).orElse(false)) {
                    done.countDown();
                }
                await(done);
                durations[run] = System.nanoTime() - start;
            }
            childWorker.close();
            parentWorker.close();
        } finally {
            subscription.close();
        }
        long[] sorted = Stream.of(durations).flatMapToLong(Arrays::stream).sorted().toArray();
        return new double[] {millis(sorted[runs / 2]), millis(Arrays.stream(sorted).max().orElse(0))};
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(5, TimeUnit.MINUTES)) {
                throw new IllegalStateException("benchmark phase did not finish within 5 minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean()
                instanceof OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    private static double perSecond(long count, long nanos) {
        return count * 1e9 / nanos;
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }

    private static void deleteQuietly(Path file) {
        for (String suffix : List.of("", "-wal", "-shm")) {
            try {
                Files.deleteIfExists(Path.of(file + suffix));
            } catch (IOException ignored) {
                // a leftover benchmark file in a temp directory is harmless
            }
        }
    }
}

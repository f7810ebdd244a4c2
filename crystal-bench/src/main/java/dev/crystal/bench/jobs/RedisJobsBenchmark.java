package dev.crystal.bench.jobs;

import dev.crystal.bench.streams.BenchText;
import dev.crystal.jobs.JobEvent;
import dev.crystal.jobs.JobEvents;
import dev.crystal.jobs.JobQueue;
import dev.crystal.jobs.JobRequest;
import dev.crystal.jobs.JobWorker;
import dev.crystal.jobs.Jobs;
import dev.crystal.jobs.JobsConfig;
import dev.crystal.jobs.WorkerOptions;
import dev.crystal.redis.RedisKeys;
import dev.crystal.redis.jobs.RedisJobStore;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * Runs crystal-jobs' {@link JobsBenchmark} against a {@link RedisJobStore}, then measures the Redis cost of
 * no-op processing: commands (round trips) and Redis CPU per job, from {@code INFO commandstats} and
 * {@code INFO cpu} before and after. Runs on the calling thread; uses a fresh random key prefix and deletes
 * its keys at the end.
 * Arguments: {@code [redisUri] [process=N] [concurrency=N]}.
 */
public final class RedisJobsBenchmark {
    private RedisJobsBenchmark() {
    }

    public static void main(String[] args) throws InterruptedException {
        String uri = args.length > 0 && !args[0].contains("=") ? args[0] : "redis://127.0.0.1:6379";
        int process = BenchText.intArg(args, "process", 50_000);
        int concurrency = BenchText.intArg(args, "concurrency", 100);
        String prefix = "crystal-bench-" + UUID.randomUUID();
        try (RedisJobStore store = RedisJobStore.open(uri, prefix)) {
            JobsBenchmark.Settings settings = new JobsBenchmark.Settings(Path.of("unused"), 2_000, 100_000, 1_000,
                    process, List.of(1, 10, 100), 100, 500, 20, 100);
            System.out.print(JobsBenchmark.run(settings, store).report());
            System.out.print(redisCost(uri, store, process, concurrency));
        }
        deleteKeys(uri, prefix);
    }

    private static void deleteKeys(String uri, String prefix) {
        RedisKeys.deleteMatching(uri, "\\{" + prefix + "\\}:*");
    }

    private static String redisCost(String uri, RedisJobStore store, int count, int concurrency)
            throws InterruptedException {
        RedisClient client = RedisClient.create(uri);
        try (StatefulRedisConnection<String, String> connection = client.connect();
             Jobs jobs = Jobs.open(store, JobsConfig.defaults())) {
            RedisCommands<String, String> redis = connection.sync();
            JobQueue queue = jobs.queue("bench-redis-cost");
            List<JobRequest> batch = IntStream.range(0, 1_000).mapToObj(i -> JobRequest.of("noop", i)).toList();
            for (int added = 0; added < count; added += batch.size()) {
                queue.addBulk(batch);
            }
            int total = (count + batch.size() - 1) / batch.size() * batch.size();
            CountDownLatch completed = new CountDownLatch(total);
            JobEvents.Subscription subscription = jobs.events().subscribe(event -> {
                if (event instanceof JobEvent.Completed done && done.job().queue().equals("bench-redis-cost")) {
                    completed.countDown();
                }
            });
            long scriptsBefore = calls(redis, "cmdstat_evalsha:");
            long callsBefore = calls(redis, "cmdstat_");
            double cpuBefore = redisCpuSeconds(redis);
            long start = System.nanoTime();
            JobWorker worker = jobs.worker("bench-redis-cost", job -> null, WorkerOptions.builder()
                    .concurrency(concurrency).prefetch(Math.max(concurrency, JobsBenchmark.MIN_PREFETCH)).build());
            if (!completed.await(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("no-op jobs did not complete within 10 minutes");
            }
            long elapsed = System.nanoTime() - start;
            double cpu = redisCpuSeconds(redis) - cpuBefore;
            long scripts = calls(redis, "cmdstat_evalsha:") - scriptsBefore;
            long calls = calls(redis, "cmdstat_") - callsBefore - scripts;
            worker.close();
            subscription.close();
            return String.format("redis cost of no-op processing, concurrency %d, prefetch %d: %,.0f jobs/s, "
                    + "%.4f script calls (round trips) per job, %.1f commands inside scripts per job, "
                    + "%.1f us Redis CPU per job (all clients of this Redis)%n", concurrency,
                    Math.max(concurrency, JobsBenchmark.MIN_PREFETCH), total / (elapsed / 1e9), (double) scripts / total,
                    (double) calls / total, cpu * 1e6 / total);
        } finally {
            client.shutdown();
        }
    }

    /** Sum of {@code calls=} over the commandstats lines starting with {@code linePrefix}. */
    private static long calls(RedisCommands<String, String> redis, String linePrefix) {
        long calls = 0;
        for (String line : redis.info("commandstats").split("\r?\n")) {
            int at = line.indexOf("calls=");
            if (line.startsWith(linePrefix) && at >= 0) {
                calls += Long.parseLong(line.substring(at + 6, line.indexOf(',', at)));
            }
        }
        return calls;
    }

    private static double redisCpuSeconds(RedisCommands<String, String> redis) {
        double seconds = 0;
        for (String line : redis.info("cpu").split("\r?\n")) {
            if (line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:")) {
                seconds += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return seconds;
    }

}

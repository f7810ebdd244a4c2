package dev.crystal.jobs.internal;

import dev.crystal.jobs.AddResult;
import dev.crystal.jobs.ControlResult;
import dev.crystal.jobs.JobOptions;
import dev.crystal.jobs.JobQueue;
import dev.crystal.jobs.JobRequest;
import dev.crystal.jobs.JobState;
import dev.crystal.jobs.JobView;
import dev.crystal.jobs.ObliterateResult;
import dev.crystal.jobs.QueueCounts;
import dev.crystal.jobs.RateLimit;
import dev.crystal.jobs.spi.NewJob;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link JobQueue} over the store; wakes this process's workers of the queue after adds. Stateless
 * apart from its name; thread-safe.
 */
final class EngineQueue implements JobQueue {
    private final String name;
    private final EngineServices services;
    private final NewJobs newJobs;

    EngineQueue(String name, EngineServices services, NewJobs newJobs) {
        NewJobs.requireQueueName(name);
        this.name = name;
        this.services = services;
        this.newJobs = newJobs;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public AddResult add(String jobName, Object data, JobOptions options) {
        NewJob job = newJobs.of(name, jobName, data, options, services.clock().instant());
        AddResult result = services.store().appender().add(List.of(job)).getFirst();
        if (result instanceof AddResult.Added) {
            services.wakeups().wake(name);
        }
        return result;
    }

    @Override
    public List<AddResult> addBulk(List<JobRequest> requests) {
        Instant now = services.clock().instant();
        List<NewJob> jobs = new ArrayList<>(requests.size());
        for (JobRequest request : requests) {
            jobs.add(newJobs.of(name, request.name(), request.data(), request.options(), now));
        }
        List<AddResult> results = services.store().appender().add(jobs);
        services.wakeups().wake(name);
        return results;
    }

    @Override
    public Optional<JobView> job(String id) {
        return services.store().inspector().job(name, id);
    }

    @Override
    public List<String> logs(String id) {
        return services.store().inspector().logs(name, id);
    }

    @Override
    public QueueCounts counts() {
        return services.store().inspector().counts(name);
    }

    @Override
    public List<JobView> list(JobState state, int offset, int limit) {
        return services.store().inspector().list(name, state, offset, limit);
    }

    @Override
    public void pause() {
        services.store().control().setPaused(name, true);
    }

    @Override
    public void resume() {
        services.store().control().setPaused(name, false);
        services.wakeups().wake(name);
    }

    @Override
    public boolean isPaused() {
        return services.store().control().isPaused(name);
    }

    @Override
    public ControlResult retry(String id) {
        ControlResult result = services.store().control().retry(name, id, services.clock().instant());
        if (result == ControlResult.DONE) {
            services.wakeups().wake(name);
        }
        return result;
    }

    @Override
    public ControlResult remove(String id) {
        return services.store().control().remove(name, id);
    }

    @Override
    public List<String> clean(JobState state, Duration olderThan, int limit) {
        if (state == JobState.ACTIVE) {
            throw new IllegalArgumentException("active jobs cannot be cleaned; they belong to workers");
        }
        if (olderThan.isNegative()) {
            throw new IllegalArgumentException("olderThan must not be negative but was " + olderThan);
        }
        if (limit <= 0) {
            return List.of();
        }
        return services.store().control().clean(name, state, services.clock().instant().minus(olderThan), limit);
    }

    @Override
    public ControlResult promote(String id) {
        ControlResult result = services.store().control().promote(name, id, services.clock().instant());
        if (result == ControlResult.DONE) {
            services.wakeups().wake(name);
        }
        return result;
    }

    @Override
    public ControlResult updateData(String id, Object data) {
        String json = services.codec().write(data, "new data of job " + id + " in queue '" + name + "'");
        return services.store().control().updateData(name, id, json);
    }

    @Override
    public ObliterateResult obliterate(boolean force) {
        return services.store().control().obliterate(name, force);
    }

    @Override
    public void rateLimit(RateLimit limit) {
        if (limit == null) {
            services.limiters().remove(name);
            services.meters(name).limiterMax(0);
        } else {
            services.limiters().put(name, services.limiter(name, limit));
            services.meters(name).limiterMax(limit.max());
        }
        services.wakeups().wake(name);
    }
}

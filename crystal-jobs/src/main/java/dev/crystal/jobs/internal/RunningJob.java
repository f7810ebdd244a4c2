package dev.crystal.jobs.internal;

import dev.crystal.jobs.JobContext;
import dev.crystal.jobs.JobEvent;
import dev.crystal.jobs.JobRef;
import dev.crystal.jobs.spi.ClaimedJob;
import java.time.Instant;
import java.util.Map;

/**
 * The {@link JobContext} of one attempt. Owned by the thread running that attempt; store writes it makes
 * (progress, logs) are thread-safe calls into the store.
 */
final class RunningJob implements JobContext {
    private final ClaimedJob job;
    private final String lockToken;
    private final EngineServices services;
    private Map<JobRef, String> childrenValues;

    RunningJob(ClaimedJob job, String lockToken, EngineServices services) {
        this.job = job;
        this.lockToken = lockToken;
        this.services = services;
    }

    @Override
    public JobRef ref() {
        return job.ref();
    }

    @Override
    public String name() {
        return job.name();
    }

    @Override
    public String dataJson() {
        return job.dataJson();
    }

    @Override
    public <T> T data(Class<T> type) {
        return services.codec().read(job.dataJson(), type, "data of job " + job.ref());
    }

    @Override
    public String correlationId() {
        return job.correlationId();
    }

    @Override
    public int attemptsMade() {
        return job.attemptsMade();
    }

    @Override
    public int maxAttempts() {
        return job.maxAttempts();
    }

    @Override
    public Instant readyAt() {
        return job.readyAt();
    }

    @Override
    public void updateProgress(Object progress) {
        String json = services.codec().write(progress, "progress of job " + job.ref());
        if (services.store().reporter().progress(job.ref().queue(), job.ref().id(), lockToken, json)) {
            services.events().emit(new JobEvent.Progress(job.ref(), json));
        }
    }

    @Override
    public void log(String line) {
        services.store().reporter().log(job.ref().queue(), job.ref().id(), line, services.clock().instant());
    }

    @Override
    public Map<JobRef, String> childrenValues() {
        if (childrenValues == null) {
            childrenValues = services.store().inspector().childrenValues(job.ref().queue(), job.ref().id());
        }
        return childrenValues;
    }

    @Override
    public <T> T childValue(JobRef child, Class<T> type) {
        return services.codec().read(childrenValues().get(child), type, "return value of child " + child);
    }
}

package dev.crystal.redis.jobs;

import dev.crystal.jobs.Retention;
import dev.crystal.jobs.spi.NewJob;
import java.time.Instant;
import java.util.List;

/** Encodes a {@link NewJob} as the 17 script arguments {@code common.lua} reads ({@code JOB_ARGS}). Stateless. */
final class JobArgs {
    private JobArgs() {
    }

    static void append(NewJob job, List<String> args) {
        args.add(job.queue());
        args.add(job.name());
        args.add(orEmpty(job.customId()));
        args.add(job.dataJson());
        args.add(Integer.toString(job.priority()));
        args.add(millis(job.runAt()));
        args.add(Integer.toString(job.maxAttempts()));
        args.add(job.backoff());
        appendRetention(job.keepCompleted(), args);
        appendRetention(job.keepFailed(), args);
        args.add(orEmpty(job.correlationId()));
        args.add(job.onChildFailure().name());
        args.add(millis(job.createdAt()));
        args.add(job.lifo() ? "1" : "0");
        args.add(Long.toString(job.timeoutMillis()));
    }

    private static void appendRetention(Retention retention, List<String> args) {
        args.add(Integer.toString(retention.keepLast()));
        args.add(retention.maxAge() == null ? "" : Long.toString(retention.maxAge().toMillis()));
    }

    static String millis(Instant at) {
        return at == null ? "" : Long.toString(at.toEpochMilli());
    }

    static String orEmpty(String text) {
        return text == null ? "" : text;
    }
}

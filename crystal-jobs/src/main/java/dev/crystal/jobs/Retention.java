package dev.crystal.jobs;

import java.time.Duration;

/**
 * How many finished jobs a queue keeps: all, none, the newest N, those younger than an age, or both limits.
 * Immutable.
 *
 * @param keepLast how many of the newest finished jobs to keep; negative means no count limit
 * @param maxAge   remove finished jobs older than this; {@code null} means no age limit
 */
public record Retention(int keepLast, Duration maxAge) {
    private static final Retention KEEP_ALL = new Retention(-1, null);
    private static final Retention REMOVE = new Retention(0, null);

    public Retention {
        if (maxAge != null && (maxAge.isNegative() || maxAge.isZero())) {
            throw new IllegalArgumentException("retention age must be positive but was " + maxAge);
        }
    }

    /** Keep every finished job (the default). */
    public static Retention keepAll() {
        return KEEP_ALL;
    }

    /** Remove the job as soon as it finishes. */
    public static Retention remove() {
        return REMOVE;
    }

    /** Keep the newest {@code count} finished jobs of the queue. */
    public static Retention keepLast(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("keepLast must be >= 0 but was " + count);
        }
        return new Retention(count, null);
    }

    /** Keep finished jobs younger than {@code age}. */
    public static Retention keepFor(Duration age) {
        return new Retention(-1, age);
    }

    /** Whether nothing is ever removed. */
    public boolean keepsAll() {
        return keepLast < 0 && maxAge == null;
    }

    /** Whether the job is removed at once when it finishes. */
    public boolean removesAtOnce() {
        return keepLast == 0;
    }
}

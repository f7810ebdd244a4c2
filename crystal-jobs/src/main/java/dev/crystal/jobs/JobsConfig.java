package dev.crystal.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * Settings of one {@link Jobs} instance. Immutable; build with {@link #builder()}.
 *
 * @param clock             the time source for every timestamp, delay, lock and schedule slot
 * @param meterRegistry     where queue metrics go
 * @param objectMapper      maps payloads, return values and progress to and from JSON
 * @param stalledInterval   how often active jobs with expired locks are looked for
 * @param maxStalledCount   stalls a job survives; one more and it fails
 * @param scheduleInterval  longest wait between looks for due schedule slots
 * @param metricsRefresh    how old cached per-state counts may be when metrics are read
 */
public record JobsConfig(InstantSource clock, MeterRegistry meterRegistry, ObjectMapper objectMapper,
                         Duration stalledInterval, int maxStalledCount, Duration scheduleInterval,
                         Duration metricsRefresh) {

    /** Look for stalled jobs every 30 seconds. */
    public static final Duration DEFAULT_STALLED_INTERVAL = Duration.ofSeconds(30);
    /** One stall is forgiven; the second fails the job. */
    public static final int DEFAULT_MAX_STALLED_COUNT = 1;
    /** Look for due schedules at least every second. */
    public static final Duration DEFAULT_SCHEDULE_INTERVAL = Duration.ofSeconds(1);
    /** Per-state counts for gauges are at most one second old. */
    public static final Duration DEFAULT_METRICS_REFRESH = Duration.ofSeconds(1);

    public JobsConfig {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(meterRegistry, "meterRegistry");
        Objects.requireNonNull(objectMapper, "objectMapper");
        requirePositive(stalledInterval, "stalledInterval");
        requirePositive(scheduleInterval, "scheduleInterval");
        Objects.requireNonNull(metricsRefresh, "metricsRefresh");
        if (maxStalledCount < 0) {
            throw new IllegalArgumentException("maxStalledCount must be >= 0 but was " + maxStalledCount);
        }
    }

    /** Defaults with the system clock and a private in-memory meter registry. */
    public static JobsConfig defaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    private static void requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive but was " + duration);
        }
    }

    /** Builds {@link JobsConfig}. Not thread-safe. */
    public static final class Builder {
        private InstantSource clock = InstantSource.system();
        private MeterRegistry meterRegistry;
        private ObjectMapper objectMapper;
        private Duration stalledInterval = DEFAULT_STALLED_INTERVAL;
        private int maxStalledCount = DEFAULT_MAX_STALLED_COUNT;
        private Duration scheduleInterval = DEFAULT_SCHEDULE_INTERVAL;
        private Duration metricsRefresh = DEFAULT_METRICS_REFRESH;

        private Builder() {
        }

        /** Time source (tests pass a manual clock). */
        public Builder clock(InstantSource clock) {
            this.clock = clock;
            return this;
        }

        /** Meter registry for queue metrics. */
        public Builder meterRegistry(MeterRegistry meterRegistry) {
            this.meterRegistry = meterRegistry;
            return this;
        }

        /** Jackson mapper for payloads (a sorted-keys mapper is used when not set). */
        public Builder objectMapper(ObjectMapper objectMapper) {
            this.objectMapper = objectMapper;
            return this;
        }

        /** How often to look for stalled jobs. */
        public Builder stalledInterval(Duration stalledInterval) {
            this.stalledInterval = stalledInterval;
            return this;
        }

        /** Stalls a job survives. */
        public Builder maxStalledCount(int maxStalledCount) {
            this.maxStalledCount = maxStalledCount;
            return this;
        }

        /** Longest wait between looks for due schedule slots. */
        public Builder scheduleInterval(Duration scheduleInterval) {
            this.scheduleInterval = scheduleInterval;
            return this;
        }

        /** Maximum age of cached counts behind the depth gauges. */
        public Builder metricsRefresh(Duration metricsRefresh) {
            this.metricsRefresh = metricsRefresh;
            return this;
        }

        /** Validates and builds. */
        public JobsConfig build() {
            ObjectMapper mapper = objectMapper != null ? objectMapper : JsonMappers.sortedKeys();
            MeterRegistry registry = meterRegistry != null ? meterRegistry : new SimpleMeterRegistry();
            return new JobsConfig(clock, registry, mapper, stalledInterval, maxStalledCount, scheduleInterval,
                    metricsRefresh);
        }
    }
}

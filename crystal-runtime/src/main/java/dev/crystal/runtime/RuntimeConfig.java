package dev.crystal.runtime;

import dev.crystal.runtime.spi.DeadLetterLog;
import dev.crystal.runtime.spi.HopTracer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * Immutable, validated runtime configuration.
 *
 * @param name            runtime name (thread names, metrics tag); several runtimes may share a JVM
 * @param clock           time source handed to workers
 * @param meterRegistry   where worker metrics go
 * @param shutdownTimeout how long shutdown waits for mailboxes to drain
 * @param defaultWorker   options for workers registered without their own
 * @param deadLetterLog   where dead letters are kept, or {@code null} for memory only (lost on restart)
 * @param hopTracer       where a record of every handled message goes (a trace log), or {@code null}: no tracing
 */
public record RuntimeConfig(String name, InstantSource clock, MeterRegistry meterRegistry,
                            Duration shutdownTimeout, WorkerOptions defaultWorker, DeadLetterLog deadLetterLog,
                            HopTracer hopTracer) {

    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    public RuntimeConfig {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("runtime name must not be blank");
        }
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(meterRegistry, "meterRegistry");
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        if (shutdownTimeout.isNegative() || shutdownTimeout.isZero()) {
            throw new IllegalArgumentException("shutdownTimeout must be positive");
        }
        Objects.requireNonNull(defaultWorker, "defaultWorker");
    }

    /** Defaults: system clock, a private {@link SimpleMeterRegistry}, 30 s shutdown, default worker options. */
    public static RuntimeConfig defaults(String name) {
        return new RuntimeConfig(name, InstantSource.system(), new SimpleMeterRegistry(),
                DEFAULT_SHUTDOWN_TIMEOUT, WorkerOptions.defaults(), null, null);
    }

    public RuntimeConfig withClock(InstantSource clock) {
        return new RuntimeConfig(name, clock, meterRegistry, shutdownTimeout, defaultWorker, deadLetterLog, hopTracer);
    }

    public RuntimeConfig withMeterRegistry(MeterRegistry registry) {
        return new RuntimeConfig(name, clock, registry, shutdownTimeout, defaultWorker, deadLetterLog, hopTracer);
    }

    public RuntimeConfig withShutdownTimeout(Duration timeout) {
        return new RuntimeConfig(name, clock, meterRegistry, timeout, defaultWorker, deadLetterLog, hopTracer);
    }

    /**
     * Hands a {@link dev.crystal.runtime.spi.Hop} per handled message of the operations {@code tracer} traces to
     * it ({@code null}: no tracing, which costs one null check per message).
     */
    public RuntimeConfig withHopTracer(HopTracer tracer) {
        return new RuntimeConfig(name, clock, meterRegistry, shutdownTimeout, defaultWorker, deadLetterLog, tracer);
    }

    /** Keeps dead letters in {@code log} (e.g. a database, so they survive a restart) instead of memory. */
    public RuntimeConfig withDeadLetterLog(DeadLetterLog log) {
        return new RuntimeConfig(name, clock, meterRegistry, shutdownTimeout, defaultWorker, log, hopTracer);
    }
}

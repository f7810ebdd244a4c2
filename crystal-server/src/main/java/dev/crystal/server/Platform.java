package dev.crystal.server;

import dev.crystal.runtime.RuntimeConfig;
import dev.crystal.runtime.ShutdownReport;
import dev.crystal.runtime.WorkerRuntime;
import dev.crystal.server.http.MessageTap;
import dev.crystal.settlement.assembly.DomainSettings;
import dev.crystal.settlement.contracts.DomainEvent;
import dev.crystal.settlement.assembly.EmbeddedDomains;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;

/**
 * The settlement platform in embedded mode: one worker runtime running every domain, state in
 * SQLite files under a data directory. Thread ownership: started and closed by one controlling thread.
 */
public final class Platform implements AutoCloseable {
    private final WorkerRuntime runtime;
    private final EmbeddedDomains domains;
    private final Path dataDir;
    private final MessageTap tap;

    private Platform(WorkerRuntime runtime, EmbeddedDomains domains, Path dataDir, MessageTap tap) {
        this.runtime = runtime;
        this.domains = domains;
        this.dataDir = dataDir;
        this.tap = tap;
    }

    /** The live view of the platform's events (for {@code crystal tail}). */
    public MessageTap tap() {
        return tap;
    }

    /** Opens the data directory, registers the domains and starts their workers. */
    public static Platform start(Path dataDir, MeterRegistry registry, InstantSource clock, Duration shutdownTimeout,
                                 DomainSettings settings) {
        WorkerRuntime runtime = WorkerRuntime.create(RuntimeConfig.defaults("platform")
                .withMeterRegistry(registry).withClock(clock).withShutdownTimeout(shutdownTimeout));
        EmbeddedDomains domains = EmbeddedDomains.install(runtime, dataDir, settings);
        MessageTap tap = new MessageTap();
        runtime.register(MessageTap.ADDRESS, tap);
        runtime.subscribe(DomainEvent.class, MessageTap.ADDRESS);
        runtime.start();
        domains.startBackgroundJobs();
        return new Platform(runtime, domains, dataDir, tap);
    }

    public WorkerRuntime runtime() {
        return runtime;
    }

    /** The durable job engine. */
    public dev.crystal.jobs.Jobs jobs() {
        return domains.jobs();
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Drains and stops the workers, then closes the databases. */
    public ShutdownReport stop() {
        domains.stopBackgroundJobs();
        ShutdownReport report = runtime.shutdown();
        domains.close();
        return report;
    }

    @Override
    public void close() {
        stop();
    }
}

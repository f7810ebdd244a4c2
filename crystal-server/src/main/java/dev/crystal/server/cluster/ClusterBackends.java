package dev.crystal.server.cluster;

import dev.crystal.jobs.spi.JobStore;
import dev.crystal.runtime.spi.Lease;
import dev.crystal.runtime.spi.Transport;
import dev.crystal.server.cache.CacheSettings;
import dev.crystal.server.cache.ReadCaches;
import dev.crystal.wire.WireSettingsResolver;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The shared services a cluster node runs on: the message transport, the leases that pick each domain's single
 * writer, and the durable job store. Opened and closed by the thread that starts the platform.
 */
public interface ClusterBackends extends AutoCloseable {

    Transport transport();

    /** A lease on {@code destination}, held by this node while it consumes it. */
    Lease lease(String destination);

    /** The live wire flags the transport encodes frames with, or {@code null} when its settings are fixed. */
    default WireSettingsResolver wireFlags() {
        return null;
    }

    /**
     * Whether the transport keeps every message it acknowledged across a restart of its store (Redis:
     * {@code appendonly yes} and {@code appendfsync always} on every master), asked now. Backends that cannot say
     * answer {@code false}: an accepted request is then durable only once its domain recorded it.
     *
     * @throws RuntimeException when the store cannot be asked (e.g. Redis is down)
     */
    default boolean keepsAcknowledgedMessages() {
        return false;
    }

    /** Opens the job store every node shares. */
    JobStore openJobStore();

    /**
     * Opens the read caches every node shares. A cache must be shared to be safe: the node that changes a balance
     * invalidates it for every node. Backends without a shared store answer {@link ReadCaches#off()}.
     */
    default ReadCaches openReadCaches(CacheSettings settings, MeterRegistry registry) {
        return ReadCaches.off();
    }

    /**
     * Checks from any thread that the shared services answer (for health checks).
     *
     * @return what was checked, e.g. {@code "redis://127.0.0.1:6379 PONG"}; backends without a service of their
     *         own to ask (an in-process transport) say so
     * @throws RuntimeException naming the service that does not answer and why
     */
    default String ping() {
        return transport().name() + " (in process, nothing to ask)";
    }

    @Override
    void close();
}

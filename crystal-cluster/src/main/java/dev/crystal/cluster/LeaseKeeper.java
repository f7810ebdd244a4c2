package dev.crystal.cluster;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews the leases of one node's domains whose worker is busy in a long batch ({@link DomainLease#keepAlive}), so a
 * holder that is working does not lose its domain to a standby just because one batch outlasted the lease. Before,
 * only the worker's poll renewed: under load a takeover's resume batch outlasted the lease, the standby took it, and
 * the two nodes kept taking it from each other, each takeover resuming all pending work again.
 *
 * <p>Thread ownership: its own daemon thread ({@code crystal-lease-keeper}) runs {@link #run}; {@link #close} may be
 * called from any thread.
 */
final class LeaseKeeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);

    private final List<DomainLease> leases;
    private final long everyNanos;
    private final Thread thread;
    private volatile boolean closed;

    /** Looks at {@code leases} (a live list, filled before start) every {@code everyNanos}. */
    LeaseKeeper(List<DomainLease> leases, long everyNanos) {
        this.leases = leases;
        this.everyNanos = everyNanos;
        this.thread = Thread.ofPlatform().daemon().name("crystal-lease-keeper").unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    private void run() {
        while (!closed) {
            for (DomainLease lease : leases) {
                try {
                    lease.keepAlive();
                } catch (RuntimeException e) {
                    LOG.warn("lease keeper: {} failed: {}", lease.domain(), e.toString());
                }
            }
            LockSupport.parkNanos(everyNanos);
        }
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

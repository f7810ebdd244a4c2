package dev.crystal.cluster;

import dev.crystal.runtime.spi.Inbound;
import dev.crystal.runtime.spi.Lease;
import dev.crystal.runtime.spi.Transport;
import dev.crystal.runtime.spi.TransportReceiver;
import dev.crystal.runtime.spi.TransportSender;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A transport whose receivers only hand out messages while this node holds the lease of their destination (and the
 * domain's worker has started under it, see {@link DomainLease}): of the nodes configured for a domain, one
 * consumes (the single writer of the domain's state) and the others stand by until its lease expires. A lease that
 * cannot be renewed (another holder, or Redis down) stops the polling at once. Senders pass through. Each receiver
 * is owned by the thread that polls it (the domain worker's); the map of domain leases is filled by the assembling
 * thread before the runtime starts.
 */
final class LeaseGatedTransport implements Transport {
    private final Transport delegate;
    private final Function<String, Lease> leaseOf;
    private final long checkEveryNanos;

    private final Map<String, DomainLease> domainLeases = new ConcurrentHashMap<>();

    LeaseGatedTransport(Transport delegate, Function<String, Lease> leaseOf, Duration checkEvery) {
        this.delegate = delegate;
        this.leaseOf = leaseOf;
        this.checkEveryNanos = checkEvery.toNanos();
    }

    /** Gates the receivers of {@code destination} with {@code lease} (call before the receivers are opened). */
    void gate(String destination, DomainLease lease) {
        domainLeases.put(destination, lease);
    }

    @Override
    public String name() {
        return delegate.name() + "+lease";
    }

    @Override
    public TransportSender openSender() {
        return delegate.openSender();
    }

    @Override
    public TransportReceiver openReceiver(String destination, String group, String consumer) {
        DomainLease lease = domainLeases.get(destination);
        if (lease == null) {
            throw new IllegalStateException("no domain lease gates " + destination);
        }
        return new GatedReceiver(delegate.openReceiver(destination, group, consumer), lease);
    }

    @Override
    public void close() {
        delegate.close();
    }

    /**
     * Polls, acknowledges and reclaims only while the lease is held and the worker has started under it. A consumer
     * woken by the receiver still polls at least once per lease check, since the poll is what renews (or takes) the
     * lease.
     */
    private final class GatedReceiver implements TransportReceiver {
        private final TransportReceiver receiver;
        private final DomainLease lease;

        GatedReceiver(TransportReceiver receiver, DomainLease lease) {
            this.receiver = receiver;
            this.lease = lease;
        }

        @Override
        public long wakeOnArrival(Runnable wake) {
            long bound = receiver.wakeOnArrival(wake);
            return bound == 0 ? 0 : Math.min(bound, checkEveryNanos);
        }

        @Override
        public List<Inbound> poll(int max) {
            return lease.mayConsume() ? receiver.poll(max) : List.of();
        }

        @Override
        public void ack(List<Inbound> messages) {
            // Acknowledge even if the lease just lapsed: the effects are committed (or were refused as stale, and then
            // the batch failed before this), and a repeat would be dropped by the inbox anyway.
            receiver.ack(messages);
        }

        @Override
        public int reclaim(Duration minIdle) {
            return lease.mayConsume() ? receiver.reclaim(minIdle) : 0;
        }

        @Override
        public int pending() {
            return receiver.pending();
        }

        @Override
        public void close() {
            try {
                receiver.close();
            } finally {
                lease.release();
            }
        }
    }
}

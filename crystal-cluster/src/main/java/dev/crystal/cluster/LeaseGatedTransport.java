package dev.crystal.cluster;

import dev.crystal.runtime.spi.Inbound;
import dev.crystal.runtime.spi.Lease;
import dev.crystal.runtime.spi.StaleLeaseException;
import dev.crystal.runtime.spi.Transport;
import dev.crystal.runtime.spi.TransportReceiver;
import dev.crystal.runtime.spi.TransportSender;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A transport whose receivers only hand out messages while this node holds the lease of their destination (and the
 * domain's worker has started under it, see {@link DomainLease}): of the nodes configured for a domain, one
 * consumes (the single writer of the domain's state) and the others stand by until its lease expires. A lease that
 * cannot be renewed (another holder, or Redis down) stops the polling at once. Where the transport can (Redis
 * Streams), the receivers are also {@linkplain TransportReceiver#fence fenced} with the lease's epoch: Redis itself
 * refuses an acknowledgement or reclaim by a node whose grant is no longer the newest (a node woken from a pause,
 * before its next lease check). Senders pass through. Each receiver
 * is owned by the thread that polls it (the domain worker's); the map of domain leases is filled by the assembling
 * thread before the runtime starts.
 */
final class LeaseGatedTransport implements Transport {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseGatedTransport.class);
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
        TransportReceiver receiver = delegate.openReceiver(destination, group, consumer);
        if (!receiver.fence(lease.epochKey(), lease.fencingEpoch())) {
            LOG.info("{} cannot check lease epochs in its own store: {} is fenced by the lease check and the domain "
                    + "store only", delegate.name(), destination);
        }
        return new GatedReceiver(receiver, lease);
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
            // Acknowledge even if the lease just lapsed by this node's clock: the effects are committed (or were refused
            // as stale, and then the batch failed before this). A fenced transport refuses it once another node holds
            // a newer grant: the entries then stay pending for that node, whose inbox drops them as repeats.
            try {
                receiver.ack(messages);
            } catch (StaleLeaseException e) {
                lease.recheck();
                LOG.warn("acknowledgement of {} messages of domain {} refused: {}; they stay pending for the newer "
                        + "holder", messages.size(), lease.domain(), e.getMessage());
            }
        }

        @Override
        public int reclaim(Duration minIdle) {
            if (!lease.mayConsume()) {
                return 0;
            }
            try {
                return receiver.reclaim(minIdle);
            } catch (StaleLeaseException e) {
                lease.recheck();
                LOG.warn("reclaim of domain {} refused: {}", lease.domain(), e.getMessage());
                return 0;
            }
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

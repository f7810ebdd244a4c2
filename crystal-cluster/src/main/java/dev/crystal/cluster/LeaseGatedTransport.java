package dev.crystal.cluster;

import dev.crystal.runtime.spi.Inbound;
import dev.crystal.runtime.spi.Lease;
import dev.crystal.runtime.spi.Transport;
import dev.crystal.runtime.spi.TransportReceiver;
import dev.crystal.runtime.spi.TransportSender;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * A transport whose receivers only hand out messages while this node holds the lease of their destination: of the
 * nodes configured for a domain, one consumes (the single writer of the domain's state) and the others stand by
 * until its lease expires. Senders pass through. Each receiver is owned by the thread that polls it; it checks the
 * lease at most once per {@code checkEvery}.
 */
final class LeaseGatedTransport implements Transport {
    private final Transport delegate;
    private final Function<String, Lease> leaseOf;
    private final long checkEveryNanos;

    LeaseGatedTransport(Transport delegate, Function<String, Lease> leaseOf, Duration checkEvery) {
        this.delegate = delegate;
        this.leaseOf = leaseOf;
        this.checkEveryNanos = checkEvery.toNanos();
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
        return new GatedReceiver(delegate.openReceiver(destination, group, consumer), leaseOf.apply(destination));
    }

    @Override
    public void close() {
        delegate.close();
    }

    /** Polls, acknowledges and reclaims only while the lease is held. */
    private final class GatedReceiver implements TransportReceiver {
        private final TransportReceiver receiver;
        private final Lease lease;
        private long checkedAt = System.nanoTime() - checkEveryNanos;
        private boolean held;

        GatedReceiver(TransportReceiver receiver, Lease lease) {
            this.receiver = receiver;
            this.lease = lease;
        }

        private boolean held() {
            long now = System.nanoTime();
            if (now - checkedAt >= checkEveryNanos) {
                checkedAt = now;
                held = lease.tryHold();
            }
            return held;
        }

        @Override
        public List<Inbound> poll(int max) {
            return held() ? receiver.poll(max) : List.of();
        }

        @Override
        public void ack(List<Inbound> messages) {
            // Acknowledge even if the lease just lapsed: the effects are committed, and a repeat would be dropped
            // by the inbox anyway.
            receiver.ack(messages);
        }

        @Override
        public int reclaim(Duration minIdle) {
            return held() ? receiver.reclaim(minIdle) : 0;
        }

        @Override
        public int pending() {
            return receiver.pending();
        }

        @Override
        public void close() {
            receiver.close();
            lease.close();
        }
    }
}

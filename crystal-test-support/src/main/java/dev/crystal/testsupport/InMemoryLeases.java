package dev.crystal.testsupport;

import dev.crystal.runtime.spi.Lease;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Leases shared by the nodes of an in-JVM test cluster, passing {@link LeaseContract}; a concurrent map is the
 * shared state, so any thread may take, renew or release a lease.
 */
public final class InMemoryLeases {
    private final Map<String, Holder> holders = new ConcurrentHashMap<>();
    private final long ttlNanos;

    private final Map<String, Long> epochs = new ConcurrentHashMap<>();

    private record Holder(String node, long expiresAt, long epoch) {
    }

    /** Leases that lapse {@code ttl} after their last renewal. */
    public InMemoryLeases(Duration ttl) {
        this.ttlNanos = ttl.toNanos();
    }

    /** The lease {@code name} as held by {@code node}. */
    public Lease lease(String name, String node) {
        return new Lease() {
            private long epoch;

            @Override
            public boolean tryHold() {
                return tryHold(0);
            }

            @Override
            public boolean tryHold(long floor) {
                long now = System.nanoTime();
                Holder after = holders.compute(name, (k, h) -> {
                    if (h != null && h.node().equals(node) && h.expiresAt() >= now && h.epoch() > floor) {
                        return new Holder(node, now + ttlNanos, h.epoch());
                    }
                    if (h == null || h.node().equals(node) || h.expiresAt() < now) {
                        long granted = epochs.merge(name, floor + 1, (a, b) -> Math.max(a, floor) + 1);
                        return new Holder(node, now + ttlNanos, granted);
                    }
                    return h;
                });
                if (!after.node().equals(node)) {
                    return false;
                }
                epoch = after.epoch();
                return true;
            }

            @Override
            public long epoch() {
                return epoch;
            }

            @Override
            public void close() {
                holders.computeIfPresent(name, (k, h) -> h.node().equals(node) ? null : h);
            }
        };
    }

    /** Who holds {@code name} now, or null. */
    public String holderOf(String name) {
        Holder h = holders.get(name);
        return h == null || h.expiresAt() < System.nanoTime() ? null : h.node();
    }
}

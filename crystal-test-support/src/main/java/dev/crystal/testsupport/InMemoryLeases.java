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

    private record Holder(String node, long expiresAt) {
    }

    /** Leases that lapse {@code ttl} after their last renewal. */
    public InMemoryLeases(Duration ttl) {
        this.ttlNanos = ttl.toNanos();
    }

    /** The lease {@code name} as held by {@code node}. */
    public Lease lease(String name, String node) {
        return new Lease() {
            @Override
            public boolean tryHold() {
                long now = System.nanoTime();
                Holder after = holders.compute(name, (k, h) ->
                        h == null || h.node().equals(node) || h.expiresAt() < now ? new Holder(node, now + ttlNanos) : h);
                return after.node().equals(node);
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

package dev.crystal.cluster;

import dev.crystal.runtime.Address;
import dev.crystal.runtime.Delivery;
import dev.crystal.runtime.WorkerRuntime;
import dev.crystal.runtime.spi.Lease;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's hold on one domain's lease, and the fencing token its writes carry. Checked (acquired or renewed) by
 * the domain worker's own thread before it polls the domain's stream, at most once per {@code checkEvery}: when it
 * cannot renew (another node took it, or Redis does not answer) it counts as not held at once, so the node stops
 * consuming. On every takeover it first reads the newest epoch the domain's store has seen (the floor of the new
 * grant), takes the lease, records the grant's epoch in the store (from then on every older epoch's write is
 * refused), and only then tells the worker ({@link LeaseHeldWorker.TakenOver}) to start its domain's work.
 * Every change is logged and counted ({@code crystal_lease_changes_total{domain,change}}); whether it is held is a
 * gauge ({@code crystal_lease_held{domain}}).
 *
 * <p>A worker inside a long batch (a takeover resuming a backlog on a starved CPU) does not poll, so the node's
 * lease keeper renews for it ({@link #keepAlive}) — but only while the worker was seen within
 * {@link #MAX_BUSY_CHECKS} check intervals: a hung worker lets the lease lapse, and a standby takes the domain over.
 * A paused process pauses its keeper too, so its lease lapses as before.
 *
 * <p>Thread ownership: the domain worker's thread calls {@link #check}, {@link #forget} and {@link #release}; the
 * keeper's thread calls {@link #keepAlive}. The {@link Lease} (owned by one thread at a time) is only called under
 * {@code leaseCalls}; {@link #held()}, {@link #epoch()} and the check times are volatile.
 */
final class DomainLease {
    private static final Logger LOG = LoggerFactory.getLogger(DomainLease.class);
    /**
     * How many check intervals (a third of the lease's time to live) the worker may stay away from its poll, busy
     * in one batch, while the keeper still renews for it: about 6.7 lease lifetimes.
     */
    static final int MAX_BUSY_CHECKS = 20;

    private final String domain;
    private final String node;
    private final Lease lease;
    private final long checkEveryNanos;
    private final WorkerRuntime runtime;
    private final Address<Object> worker;
    private final Counter acquired;
    private final Counter lost;
    private final Counter released;
    private final Counter regranted;
    /** The domain's fenced store, or null when it has none (then the epoch is still announced). */
    private FencedStore db;
    /** When the lease was last asked (by the worker or the keeper). */
    private volatile long checkedAt;
    /** When the worker thread last came to {@link #check}: it is alive and between batches. */
    private volatile long workerSeenAt;
    /** Serialises the calls into {@link #lease} between the worker's thread and the keeper's. */
    private final ReentrantLock leaseCalls = new ReentrantLock();
    private final Counter keptAlive;
    private volatile boolean held;
    /** Whether the worker has started its domain's work since the last takeover (set by {@link LeaseHeldWorker}). */
    private boolean workerStarted;
    /** Whether the worker must be told about the current grant again (it restarted, or the last notice failed). */
    private boolean reannounce = true;
    private volatile long epoch;

    DomainLease(String domain, String node, Lease lease, long checkEveryNanos, WorkerRuntime runtime,
                Address<Object> worker, MeterRegistry meters) {
        this.domain = domain;
        this.node = node;
        this.lease = lease;
        this.checkEveryNanos = checkEveryNanos;
        this.runtime = runtime;
        this.worker = worker;
        this.checkedAt = System.nanoTime() - checkEveryNanos;
        this.workerSeenAt = System.nanoTime();
        Gauge.builder("crystal.lease.held", this, l -> l.held ? 1 : 0).tag("domain", domain)
                .description("1 while this node holds the domain's lease (is its single writer)").register(meters);
        Gauge.builder("crystal.lease.epoch", this, l -> l.held ? l.epoch : 0).tag("domain", domain)
                .description("the fencing epoch of this node's grant of the domain's lease, 0 when not held")
                .register(meters);
        this.acquired = change(meters, "acquired");
        this.lost = change(meters, "lost");
        this.released = change(meters, "released");
        this.regranted = change(meters, "regranted");
        this.keptAlive = Counter.builder("crystal.lease.kept.alive").tag("domain", domain)
                .description("renewals by the node's lease keeper while the domain worker was busy in a batch")
                .register(meters);
    }

    private Counter change(MeterRegistry meters, String change) {
        return Counter.builder("crystal.lease.changes").tag("domain", domain).tag("change", change)
                .description("changes of this node's hold on a domain's lease").register(meters);
    }

    /** Fences {@code store} with this lease's epoch: its writes are refused unless this node holds the lease. */
    void fence(FencedStore store) {
        store.fence(domain, fencingEpoch());
        this.db = store;
    }

    /** The epoch the domain's writes carry: the grant's while held, 0 (refused) otherwise. */
    LongSupplier fencingEpoch() {
        return () -> held ? epoch : 0;
    }

    String domain() {
        return domain;
    }

    /** Where the lease service keeps this lease's newest epoch (for the transport's fenced scripts), or null. */
    String epochKey() {
        return lease.epochKey();
    }

    /** Makes the next {@link #check} ask the lease service at once (a store refused this node's epoch). */
    void recheck() {
        checkedAt = System.nanoTime() - checkEveryNanos;
    }

    boolean held() {
        return held;
    }

    long epoch() {
        return epoch;
    }

    /**
     * Whether this node may consume the domain's stream now: it holds the lease (acquired or renewed if due) and
     * the worker has started since the takeover.
     */
    boolean mayConsume() {
        return check() && workerStarted;
    }

    /** Called by the worker once its domain's work started after a takeover, or when it restarts. */
    void workerStarted(boolean started) {
        this.workerStarted = started;
    }

    /** Acquires or renews the lease if due; whether this node holds it. */
    boolean check() {
        long now = System.nanoTime();
        workerSeenAt = now;
        if (now - checkedAt < checkEveryNanos) {
            return held;
        }
        leaseCalls.lock();
        try {
            checkedAt = now;
            return askLeaseService();
        } finally {
            leaseCalls.unlock();
        }
    }

    /** Acquires or renews the lease now (worker thread, under {@code leaseCalls}); whether this node holds it. */
    private boolean askLeaseService() {
        boolean was = held;
        held = false; // pessimistic: until the lease service says otherwise, this node is not the writer
        try {
            long floor = was || db == null ? 0 : db.storedEpoch(domain);
            if (!lease.tryHold(floor)) {
                if (was) {
                    lost("another node holds it now");
                }
                return false;
            }
            long granted = lease.epoch();
            boolean renewed = was && granted == epoch;
            if (renewed && !reannounce) {
                held = true;
                return true;
            }
            if (was && !reannounce && workerStarted && nobodyElseWroteSince(epoch)) {
                regranted(granted);
                return true;
            }
            reannounce = false;
            epoch = granted;
            held = true;
            workerStarted = false; // consume only once the worker has resumed the domain under this epoch
            if (!renewed) {
                if (db != null) {
                    db.recordEpoch(); // records the epoch: from now on older epochs cannot write
                }
                acquired.increment();
                LOG.info("node {} took the lease of domain {} (epoch {}): it is now the domain's single writer", node,
                        domain, granted);
            }
            Delivery sent = runtime.send(worker, new LeaseHeldWorker.TakenOver(domain, granted), null);
            if (sent != Delivery.ACCEPTED) {
                LOG.warn("could not tell the {} worker it took over ({}); trying again at the next check", domain, sent);
                reannounce = true;
            }
            return true;
        } catch (RuntimeException e) {
            held = false;
            if (was) {
                lost("cannot renew: " + e.getMessage());
            } else {
                LOG.debug("cannot take the lease of domain {}: {}", domain, e.toString());
            }
            return false;
        }
    }

    /**
     * Renews the lease for a worker busy in a long batch (keeper thread): only while held, when the last renewal is
     * a check interval old, and the worker was seen within {@link #MAX_BUSY_CHECKS} intervals. A refused renewal
     * counts as lost at once (the worker's writes are then refused by the fenced store); a grant with another epoch
     * (the lease lapsed meanwhile) is left to the worker's next check, which knows whether anybody else wrote since.
     */
    void keepAlive() {
        long now = System.nanoTime();
        if (!held || now - checkedAt < checkEveryNanos || now - workerSeenAt > MAX_BUSY_CHECKS * checkEveryNanos
                || !leaseCalls.tryLock()) {
            return;
        }
        try {
            if (!held) {
                return;
            }
            boolean granted = lease.tryHold(0);
            if (granted && lease.epoch() == epoch) {
                checkedAt = now;
                keptAlive.increment();
                return;
            }
            checkedAt = now - checkEveryNanos; // the worker's next check asks the lease service again
            if (granted) {
                return; // granted again with a newer epoch (it had lapsed): settled by the worker's check
            }
            held = false;
            lost("another node holds it now (found by the lease keeper while the worker was busy)");
        } catch (RuntimeException e) {
            held = false;
            lost("cannot renew: " + e.getMessage() + " (found by the lease keeper while the worker was busy)");
        } finally {
            leaseCalls.unlock();
        }
    }

    /**
     * Whether no other node has recorded an epoch newer than {@code mine} in the domain's store: a node takes the
     * domain only after recording its epoch there, so then nobody else consumed or wrote since this node's grant.
     * Without a fenced store that cannot be known (false).
     */
    private boolean nobodyElseWroteSince(long mine) {
        return db != null && db.storedEpoch(domain) <= mine;
    }

    /**
     * This node's grant lapsed (its worker was busy for longer than the lease, e.g. a takeover resuming a large
     * backlog on a starved CPU) and it got the lease straight back with a new epoch, nobody else having taken the
     * domain meanwhile: the new epoch is recorded (older grants are refused from now on) and the worker simply goes
     * on. Treating it as a takeover would resume every pending item again, making the next batch longer still.
     */
    private void regranted(long granted) {
        long previous = epoch;
        epoch = granted;
        held = true;
        db.recordEpoch();
        regranted.increment();
        LOG.warn("node {} renewed the lease of domain {} late (epoch {} -> {}): it had lapsed while the worker was busy "
                + "and no other node took it; the worker goes on", node, domain, previous, granted);
    }

    private void lost(String why) {
        lost.increment();
        LOG.warn("node {} lost the lease of domain {} (epoch {}): {}; it stops consuming and writing the domain",
                node, domain, epoch, why);
    }

    /**
     * After a worker (re)start: checks the lease at the next poll and, if this node still holds it, tells the worker
     * again so that it resumes the domain; if not, the loss is counted there.
     */
    void forget() {
        workerStarted = false;
        reannounce = true;
        checkedAt = System.nanoTime() - checkEveryNanos;
    }

    /** Gives the lease up (at shutdown), so a standby can take the domain at once. */
    void release() {
        boolean was = held;
        held = false;
        leaseCalls.lock();
        try {
            lease.close();
        } finally {
            leaseCalls.unlock();
        }
        if (was) {
            released.increment();
            LOG.info("node {} released the lease of domain {} (epoch {})", node, domain, epoch);
        }
    }
}

package dev.crystal.cluster;

import dev.crystal.runtime.Address;
import dev.crystal.runtime.Worker;
import dev.crystal.runtime.WorkerRuntime;
import dev.crystal.runtime.spi.Lease;
import dev.crystal.runtime.spi.Transport;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Puts one node's runtime into a cluster: every domain address gets a {@link RemoteForwarder} that sends what is
 * addressed to the domain to the domain's stream (so every node, this one included, reaches a domain the same
 * way); the domains this node runs get their real worker at an internal address fed from that stream, gated by
 * the domain's lease so that one node at a time writes a domain's state; answers to this node's requests come
 * back on its reply stream. Thread ownership: configured by the assembling thread before the runtime starts; the
 * reply pump has its own thread, and so has the {@link LeaseKeeper} that renews a busy worker's lease.
 */
public final class ClusterNode implements WorkerPlacement, AutoCloseable {
    /** Suffix of the internal address of a domain's real worker. */
    static final String WORKER_SUFFIX = ".worker";
    private static final String STREAM_PREFIX = "domain.";

    private final WorkerRuntime runtime;
    private final LeaseGatedTransport gated;
    private final Function<String, Lease> leaseOf;
    private final long leaseCheckEveryNanos;
    /** This node's domain leases, added by the assembling thread before start; read by health checks. */
    private final List<DomainLease> leases = new CopyOnWriteArrayList<>();
    private final String node;
    private final Duration reclaimAfter;
    private final PendingReplies pending = new PendingReplies(Duration.ofMinutes(5));
    private final ReplyPump replies;
    private final LeaseKeeper keeper;

    /**
     * Registers a forwarder at every address in {@code domains} and prepares the reply stream.
     *
     * @param transport    the shared transport (Redis Streams in production)
     * @param leaseOf      the lease of a destination (a domain's stream), e.g. a Redis key with a time to live
     * @param node         this node's id, unique in the cluster
     * @param domains      every domain address of the platform
     * @param reclaimAfter how long a message may stay unacknowledged by a consumer before another takes it back
     */
    public ClusterNode(WorkerRuntime runtime, Transport transport, Function<String, Lease> leaseOf, String node,
                       List<Address<?>> domains, Duration reclaimAfter, Duration leaseCheckEvery) {
        this(runtime, transport, leaseOf, node, domains, reclaimAfter, leaseCheckEvery, payload -> { }, null);
    }

    /**
     * As above; a forwarder refuses a message {@code check} throws for (e.g. a field constraint of the wire's
     * message types, named in the exception's message), and {@code batching} (may be null: never) decides per
     * message whether a forwarder lets it wait for a batch ({@link #domainOf} maps the cluster's addresses to the
     * domains they stand for).
     */
    public ClusterNode(WorkerRuntime runtime, Transport transport, Function<String, Lease> leaseOf, String node,
                       List<Address<?>> domains, Duration reclaimAfter, Duration leaseCheckEvery,
                       Consumer<Object> check, ForwardBatching batching) {
        this.runtime = runtime;
        this.gated = new LeaseGatedTransport(transport, leaseOf, leaseCheckEvery);
        this.leaseOf = leaseOf;
        this.leaseCheckEveryNanos = leaseCheckEvery.toNanos();
        this.node = node;
        this.reclaimAfter = reclaimAfter;
        String replyTo = replyDestination(node);
        for (Address<?> domain : domains) {
            register(domain, new RemoteForwarder(transport, streamOf(domain.name()), replyTo, pending, check,
                    batching));
        }
        this.replies = new ReplyPump(transport, replyTo, node, pending);
        this.keeper = new LeaseKeeper(leases, Math.max(1, leaseCheckEveryNanos / 2));
    }

    /**
     * The forwarder takes anything sent to the domain's name, so a published event is forwarded as itself (the wire
     * and the stream carry the event, not a subscriber's adaptation of it).
     */
    private void register(Address<?> address, RemoteForwarder forwarder) {
        runtime.register(Address.of(address.name(), Object.class), forwarder);
    }

    /**
     * A worker's name in traces: a domain's worker ({@code balance.worker}) shows as its domain ({@code balance});
     * a domain address here is a forwarder to the domain's stream, whose hops are not recorded ({@code null}: the
     * domain's hop, on the node that handles it, shows the whole wait since the message was sent).
     *
     * @param domains every domain address of the cluster
     */
    public static String traceName(String worker, Collection<Address<?>> domains) {
        if (worker.endsWith(WORKER_SUFFIX)) {
            return worker.substring(0, worker.length() - WORKER_SUFFIX.length());
        }
        for (Address<?> domain : domains) {
            if (domain.name().equals(worker)) {
                return null;
            }
        }
        return worker;
    }

    /** The stream that carries the messages of domain {@code name}. */
    public static String streamOf(String domain) {
        return STREAM_PREFIX + domain;
    }

    /**
     * The domain an address belongs to: {@code domain.balance} and {@code balance.worker} are {@code balance}. A
     * frame's source and target are the addresses of the cluster ({@code domain.balance}, {@code balance.worker},
     * {@code replies.node-1}), while settings name domains; this maps the former to the latter.
     */
    public static String domainOf(String address) {
        if (address == null) {
            return null;
        }
        if (address.startsWith(STREAM_PREFIX)) {
            return address.substring(STREAM_PREFIX.length());
        }
        if (address.endsWith(WORKER_SUFFIX)) {
            return address.substring(0, address.length() - WORKER_SUFFIX.length());
        }
        return address;
    }

    /** The stream that carries the answers to the requests node {@code node} forwarded. */
    public static String replyDestination(String node) {
        return "replies." + node;
    }

    /** As {@link #place(Address, Worker, FencedStore)} for a worker without a store to fence. */
    @Override
    public <T> void place(Address<T> address, Worker<T> worker) {
        place(address, worker, null);
    }

    /**
     * Runs {@code worker} here, fed from its domain's stream while this node holds the domain's lease. The worker
     * starts only when this node takes the lease ({@link LeaseHeldWorker}: a standby does nothing but wait), and
     * {@code store} (may be null) is fenced with the lease's epoch ({@link DomainLease}), so a node that lost the
     * lease without noticing (a paused process) cannot commit a write once the new holder took over.
     */
    @Override
    public <T> void place(Address<T> address, Worker<T> worker, FencedStore store) {
        String domain = address.name();
        Address<Object> internal = Address.of(domain + WORKER_SUFFIX, Object.class);
        DomainLease lease = new DomainLease(domain, node, leaseOf.apply(streamOf(domain)), leaseCheckEveryNanos,
                runtime, internal, runtime.config().meterRegistry());
        if (store != null) {
            lease.fence(store);
        }
        gated.gate(streamOf(domain), lease);
        leases.add(lease);
        // Events travel the stream as themselves; the domain's subscription adapts them here, as locally.
        runtime.register(internal, new LeaseHeldWorker<>(worker, payload -> runtime.adapt(address, payload), lease,
                internal.name()),
                DOMAIN_OPTIONS);
        runtime.consume(internal, gated, streamOf(domain), domain, reclaimAfter);
    }

    /** One domain this node may run: whether it holds the domain's lease now, and the epoch of its grant. */
    public record Ownership(String domain, boolean held, long epoch) {
    }

    /** The domains this node may run, with whether it holds each one's lease now (any thread). */
    public List<Ownership> ownership() {
        return leases.stream().map(l -> new Ownership(l.domain(), l.held(), l.held() ? l.epoch() : 0)).toList();
    }

    /** Starts reading this node's replies and the lease keeper; call once the runtime runs. */
    public void start() {
        replies.start();
        keeper.start();
    }

    /** This node's id. */
    public String node() {
        return node;
    }

    /** Requests forwarded by this node still waiting for an answer. */
    public int waitingReplies() {
        return pending.size();
    }

    /** Stops reading replies; call after the runtime has shut down. */
    @Override
    public void close() {
        keeper.close();
        replies.close();
    }
}

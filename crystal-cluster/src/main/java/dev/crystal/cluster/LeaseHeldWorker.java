package dev.crystal.cluster;

import dev.crystal.runtime.Address;
import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.Worker;
import dev.crystal.runtime.WorkerContext;
import java.time.Duration;
import java.util.function.Function;

/**
 * A domain worker on a cluster node: a standby does nothing but wait. The wrapped worker (the domain's
 * exactly-once worker) starts only when this node takes the domain's lease ({@link TakenOver}, sent by
 * {@link DomainLease} once the epoch is recorded in the domain's database), and starts again on every later
 * takeover: its {@code onStart} is where a domain resumes the work a previous holder left (pending settlements,
 * bonuses being issued, adjustments being posted) and starts its sweep. Messages of the domain come only from its
 * stream, which is polled only while the lease is held.
 *
 * <p>Thread ownership: the domain worker's thread, like the wrapped worker.
 *
 * @param <T> the domain's message type
 */
final class LeaseHeldWorker<T> implements Worker<Object> {
    /** How long a failed start waits before it is tried again. */
    static final Duration START_RETRY = Duration.ofSeconds(1);

    /** Tells the worker its node took domain {@code domain}'s lease with {@code epoch}; local, never on the wire. */
    record TakenOver(String domain, long epoch) {
    }

    private final Worker<T> inner;
    /** The domain's message of a polled payload (an event adapted as the domain subscribed to it); throws if none. */
    private final Function<Object, T> input;
    private final DomainLease lease;
    private final String self;
    private boolean started;
    private boolean innerInBatch;

    LeaseHeldWorker(Worker<T> inner, Function<Object, T> input, DomainLease lease, String self) {
        this.inner = inner;
        this.input = input;
        this.lease = lease;
        this.self = self;
    }

    /** On a (re)start of the worker thread: wait for the lease; the next check announces a takeover if held. */
    @Override
    public void onStart(WorkerContext context) {
        started = false;
        innerInBatch = false;
        lease.forget();
    }

    @Override
    public void onMessage(Envelope<Object> envelope, WorkerContext context) throws Exception {
        Object payload = envelope.payload();
        if (payload instanceof TakenOver takeover) {
            if (lease.held() && takeover.epoch() == lease.epoch()) {
                startInner(takeover, context);
            }
            return;
        }
        T message = input.apply(payload);
        if (!started) {
            // Polled only once started; a message here came from the stream before a restart: it is handled again.
            throw new IllegalStateException("the " + lease.domain() + " worker has not started on this node (lease held: "
                    + lease.held() + ")");
        }
        innerInBatch = true;
        inner.onMessage(message == payload ? cast(envelope) : envelope.withPayload(message), context);
    }

    private void startInner(TakenOver takeover, WorkerContext context) {
        try {
            inner.onStart(context);
            started = true;
            lease.workerStarted(true);
        } catch (Exception e) {
            started = false;
            context.log().warn("starting the {} worker after taking its lease (epoch {}) failed, trying again in {}: {}",
                    lease.domain(), takeover.epoch(), START_RETRY, e.toString());
            context.schedule(START_RETRY, Address.of(self, Object.class), takeover);
        }
    }

    @SuppressWarnings("unchecked")
    private Envelope<T> cast(Envelope<Object> envelope) {
        return (Envelope<T>) (Envelope<?>) envelope;
    }

    @Override
    public void onBatchEnd(int count, WorkerContext context) throws Exception {
        // count 0 ends a turn of reply callbacks and timers alone: they ran in the started inner worker, whose
        // batch end commits them and releases the answers they hold (without it they waited for the next message)
        if (innerInBatch || count == 0 && started) {
            innerInBatch = false;
            inner.onBatchEnd(count, context);
        }
    }

    @Override
    public void onStop(WorkerContext context) throws Exception {
        if (started) {
            inner.onStop(context);
        }
    }
}

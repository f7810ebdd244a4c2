package dev.crystal.runtime.internal;

import dev.crystal.runtime.Address;
import dev.crystal.runtime.Breaker;
import dev.crystal.runtime.BreakerOptions;
import dev.crystal.runtime.Delivery;
import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.Guard;
import dev.crystal.runtime.RateLimitOptions;
import dev.crystal.runtime.Reply;
import dev.crystal.runtime.ReplyHandle;
import dev.crystal.runtime.Request;
import dev.crystal.runtime.RetryOptions;
import dev.crystal.runtime.WorkerContext;
import dev.crystal.runtime.WorkerMetrics;
import java.time.Duration;
import java.time.InstantSource;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.MDC;

/**
 * The {@link WorkerContext} of one cell. Thread ownership: all mutable fields belong to the cell's
 * thread; the context must not be used from other threads.
 */
final class CellContext implements WorkerContext {
    static final String MDC_CORRELATION = "correlationId";
    static final String MDC_WORKER = "worker";

    private final WorkerCell<?> cell;
    private final LocalWorkerRuntime runtime;

    private Envelope<?> current;
    private ReplyHandle<?> currentReplyTo;
    private String correlationId;
    /** The causation id outside a message (callbacks); inside one it is {@link #causing}'s id. */
    private String causationId;
    /** The message being handled, whose id is the causation of what it sends; rendered only if it sends. */
    private Envelope<?> causing;
    /** What this thread last put in the MDC, so an unchanged correlation costs no MDC write. */
    private String mdcCorrelation;
    private boolean mdcWorker;

    CellContext(WorkerCell<?> cell, LocalWorkerRuntime runtime) {
        this.cell = cell;
        this.runtime = runtime;
    }

    void enter(Envelope<?> envelope, ReplyHandle<?> replyTo) {
        current = envelope;
        currentReplyTo = replyTo;
        correlationId = envelope.correlationId();
        causing = envelope;
        causationId = null;
        putMdc(correlationId);
    }

    void enterCallback(Callback callback) {
        current = null;
        currentReplyTo = null;
        correlationId = callback.correlationId();
        causing = null;
        causationId = callback.causationId();
        putMdc(correlationId);
    }

    void enterLifecycle() {
        current = null;
        currentReplyTo = null;
        correlationId = null;
        causing = null;
        causationId = null;
        putMdc(null);
    }

    void leave() {
        current = null;
        currentReplyTo = null;
    }

    /** The MDC was cleared on this thread (idle or thread end): write it afresh next time. */
    void forgetMdc() {
        mdcCorrelation = null;
        mdcWorker = false;
    }

    private void putMdc(String correlation) {
        if (!mdcWorker) {
            MDC.put(MDC_WORKER, cell.name);
            mdcWorker = true;
        }
        if (correlation != mdcCorrelation) {
            if (correlation == null) {
                MDC.remove(MDC_CORRELATION);
            } else {
                MDC.put(MDC_CORRELATION, correlation);
            }
            mdcCorrelation = correlation;
        }
    }

    private String correlationOrNew() {
        return correlationId != null ? correlationId : runtime.ids().nextCorrelationId();
    }

    private String causation() {
        Envelope<?> envelope = causing;
        return envelope != null ? envelope.messageId() : causationId;
    }

    @Override
    public String self() {
        return cell.address.name();
    }

    @Override
    public <M> Delivery send(Address<? super M> to, M message) {
        return runtime.dispatch(cell.name, to, message, correlationOrNew(), causation(), null);
    }

    @Override
    public int publish(Object event) {
        return runtime.publishFrom(cell.name, event, correlationOrNew(), causation());
    }

    @Override
    public <R, M extends Request<R>> void request(Address<? super M> to, M message, Duration timeout,
                                                  Consumer<Reply<R>> onReply) {
        String corr = correlationOrNew();
        CallbackReplyHandle<R> handle = new CallbackReplyHandle<>(cell, onReply, corr, causation(),
                runtime.timeouts(), to.name(), timeout.toNanos());
        Delivery delivery = runtime.dispatch(cell.name, to, message, corr, causation(), handle);
        if (!delivery.accepted()) {
            handle.fail(LocalWorkerRuntime.failureOf(delivery), to.name() + ": " + delivery);
        } else {
            handle.arm();
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <R> ReplyHandle<R> replyHandle(Request<R> request) {
        if (current == null || current.payload() != request) {
            throw new IllegalStateException("replyHandle must be asked for the request being handled");
        }
        if (currentReplyTo == null) {
            throw new IllegalStateException(current.type() + " was sent without a reply-to; use request()");
        }
        return (ReplyHandle<R>) currentReplyTo;
    }

    @Override
    public boolean awaitsReply() {
        return current != null && currentReplyTo != null;
    }

    @Override
    public <M> void schedule(Duration delay, Address<? super M> to, M message) {
        runtime.scheduleDispatch(delay, cell.name, to, message, correlationOrNew(), causation());
    }

    @Override
    public void runLater(Duration delay, Runnable action) {
        runtime.runLater(delay, cell, action);
    }

    @Override
    public String correlationId() {
        return correlationId;
    }

    @Override
    public void withCorrelation(String other, Runnable work) {
        if (other == null || other.equals(correlationId)) {
            work.run();
            return;
        }
        String saved = correlationId;
        correlationId = other;
        putMdc(other);
        try {
            work.run();
        } finally {
            correlationId = saved;
            putMdc(saved);
        }
    }

    @Override
    public String causationId() {
        return causation();
    }

    @Override
    public Envelope<?> current() {
        return current;
    }

    @Override
    public InstantSource clock() {
        return runtime.config().clock();
    }

    @Override
    public Logger log() {
        return cell.workerLog();
    }

    @Override
    public WorkerMetrics metrics() {
        return cell.meters();
    }

    @Override
    public Breaker circuitBreaker(String name, BreakerOptions options) {
        return runtime.guards().breaker(cell.address.name(), name, options);
    }

    @Override
    public Guard rateLimiter(String name, RateLimitOptions options) {
        return runtime.guards().rateLimiter(cell.address.name(), name, options);
    }

    @Override
    public Guard retry(String name, RetryOptions options) {
        return runtime.guards().retry(cell.address.name(), name, options);
    }
}

package dev.crystal.runtime.internal;

import dev.crystal.runtime.Address;
import dev.crystal.runtime.Delivery;
import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.Reply;
import dev.crystal.runtime.ReplyFailure;
import dev.crystal.runtime.ReplyHandle;
import dev.crystal.runtime.Request;
import dev.crystal.runtime.WorkerContext;
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
    private final WorkerCell<?> cell;
    private final LocalWorkerRuntime runtime;

    private Envelope<?> current;
    private ReplyHandle<?> currentReplyTo;
    private String correlationId;
    private String causationId;

    CellContext(WorkerCell<?> cell, LocalWorkerRuntime runtime) {
        this.cell = cell;
        this.runtime = runtime;
    }

    void enter(Envelope<?> envelope, ReplyHandle<?> replyTo) {
        current = envelope;
        currentReplyTo = replyTo;
        correlationId = envelope.correlationId();
        causationId = envelope.messageId();
        MDC.put("correlationId", correlationId);
        MDC.put("worker", cell.address.name());
    }

    void enterCallback(Callback callback) {
        current = null;
        currentReplyTo = null;
        correlationId = callback.correlationId();
        causationId = callback.causationId();
        MDC.put("correlationId", correlationId);
        MDC.put("worker", cell.address.name());
    }

    void enterLifecycle() {
        current = null;
        currentReplyTo = null;
        correlationId = null;
        causationId = null;
        MDC.put("worker", cell.address.name());
    }

    void leave() {
        current = null;
        currentReplyTo = null;
        MDC.remove("correlationId");
    }

    private String correlationOrNew() {
        return correlationId != null ? correlationId : runtime.ids().nextCorrelationId();
    }

    @Override
    public String self() {
        return cell.address.name();
    }

    @Override
    public <M> Delivery send(Address<? super M> to, M message) {
        return runtime.dispatch(cell.address.name(), to, message, correlationOrNew(), causationId, null);
    }

    @Override
    public int publish(Object event) {
        return runtime.publishFrom(cell.address.name(), event, correlationOrNew(), causationId);
    }

    @Override
    public <R, M extends Request<R>> void request(Address<? super M> to, M message, Duration timeout,
                                                  Consumer<Reply<R>> onReply) {
        String corr = correlationOrNew();
        CallbackReplyHandle<R> handle = new CallbackReplyHandle<>(cell, onReply, corr, causationId);
        handle.timeout(runtime.timer().schedule(
                () -> handle.fail(ReplyFailure.TIMEOUT, "no reply from " + to.name() + " within " + timeout),
                timeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS));
        Delivery delivery = runtime.dispatch(cell.address.name(), to, message, corr, causationId, handle);
        if (!delivery.accepted()) {
            handle.fail(LocalWorkerRuntime.failureOf(delivery), to.name() + ": " + delivery);
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
    public <M> void schedule(Duration delay, Address<? super M> to, M message) {
        String corr = correlationOrNew();
        String cause = causationId;
        String from = cell.address.name();
        runtime.timer().schedule(() -> runtime.dispatch(from, to, message, corr, cause, null),
                delay.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    @Override
    public String correlationId() {
        return correlationId;
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
}

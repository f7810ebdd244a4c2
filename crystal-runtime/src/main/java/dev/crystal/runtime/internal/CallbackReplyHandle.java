package dev.crystal.runtime.internal;

import dev.crystal.runtime.Reply;
import dev.crystal.runtime.ReplyFailure;
import dev.crystal.runtime.ReplyHandle;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Answers a request made by a worker: the answer is posted back to the requesting worker's
 * callback queue so its callback runs on that worker's thread; expires through {@link RequestTimeouts}.
 * Thread-safe: first answer (or the timeout) wins.
 */
final class CallbackReplyHandle<R> extends TimedReply implements ReplyHandle<R> {
    private final WorkerCell<?> requester;
    private final Consumer<Reply<R>> onReply;
    private final String correlationId;
    private final String causationId;
    private final RequestTimeouts timeouts;
    private final String target;
    private final long timeoutNanos;
    private final AtomicBoolean answered = new AtomicBoolean();

    CallbackReplyHandle(WorkerCell<?> requester, Consumer<Reply<R>> onReply, String correlationId,
                        String causationId, RequestTimeouts timeouts, String target, long timeoutNanos) {
        this.requester = requester;
        this.onReply = onReply;
        this.correlationId = correlationId;
        this.causationId = causationId;
        this.timeouts = timeouts;
        this.target = target;
        this.timeoutNanos = timeoutNanos;
    }

    /** Starts the clock on this request. */
    void arm() {
        timeouts.add(this, timeoutNanos);
    }

    @Override
    public boolean succeed(R value) {
        return answer(Reply.success(value), true);
    }

    @Override
    public boolean fail(ReplyFailure kind, String detail) {
        return answer(Reply.failure(kind, detail), true);
    }

    @Override
    void expire() {
        answer(Reply.failure(ReplyFailure.TIMEOUT, "no reply from " + target + " within "
                + Duration.ofNanos(timeoutNanos)), false);
    }

    @Override
    void abandon() {
        fail(ReplyFailure.SHUTTING_DOWN, "the runtime stopped before " + target + " answered");
    }

    @Override
    boolean answered() {
        return answered.get();
    }

    private boolean answer(Reply<R> reply, boolean cancelTimeout) {
        if (!answered.compareAndSet(false, true)) {
            return false;
        }
        if (cancelTimeout) {
            timeouts.cancel(this);
        }
        requester.post(new Callback(correlationId, causationId, () -> onReply.accept(reply)));
        return true;
    }

    @Override
    public String correlationId() {
        return correlationId;
    }
}

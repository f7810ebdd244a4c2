package dev.crystal.runtime.internal;

import dev.crystal.runtime.Reply;
import dev.crystal.runtime.ReplyFailure;
import dev.crystal.runtime.ReplyHandle;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Answers a request made from outside the runtime by completing a future; expires through
 * {@link RequestTimeouts}. Thread-safe: the future decides which answer wins.
 */
final class FutureReplyHandle<R> extends TimedReply implements ReplyHandle<R> {
    private final CompletableFuture<Reply<R>> future;
    private final String correlationId;
    private final RequestTimeouts timeouts;
    private final String target;
    private final long timeoutNanos;

    FutureReplyHandle(CompletableFuture<Reply<R>> future, String correlationId, RequestTimeouts timeouts,
                      String target, long timeoutNanos) {
        this.future = future;
        this.correlationId = correlationId;
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
        return complete(Reply.success(value));
    }

    @Override
    public boolean fail(ReplyFailure kind, String detail) {
        return complete(Reply.failure(kind, detail));
    }

    private boolean complete(Reply<R> reply) {
        if (!future.complete(reply)) {
            return false;
        }
        timeouts.cancel(this);
        return true;
    }

    @Override
    void expire() {
        future.complete(Reply.failure(ReplyFailure.TIMEOUT,
                "no reply from " + target + " within " + Duration.ofNanos(timeoutNanos)));
    }

    @Override
    void abandon() {
        fail(ReplyFailure.SHUTTING_DOWN, "the runtime stopped before " + target + " answered");
    }

    @Override
    boolean answered() {
        return future.isDone();
    }

    @Override
    public String correlationId() {
        return correlationId;
    }
}

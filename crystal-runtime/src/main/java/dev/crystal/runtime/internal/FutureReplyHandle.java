package dev.crystal.runtime.internal;

import dev.crystal.runtime.Reply;
import dev.crystal.runtime.ReplyFailure;
import dev.crystal.runtime.ReplyHandle;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/**
 * Answers a request made from outside the runtime by completing a future, and cancels its timeout.
 * Thread-safe: first answer wins.
 */
final class FutureReplyHandle<R> implements ReplyHandle<R> {
    private final CompletableFuture<Reply<R>> future;
    private final String correlationId;
    private volatile Future<?> timeout;

    FutureReplyHandle(CompletableFuture<Reply<R>> future, String correlationId) {
        this.future = future;
        this.correlationId = correlationId;
    }

    void timeout(Future<?> timeout) {
        this.timeout = timeout;
        if (future.isDone()) {
            timeout.cancel(false);
        }
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
        Future<?> t = timeout;
        if (t != null) {
            t.cancel(false);
        }
        return true;
    }

    @Override
    public String correlationId() {
        return correlationId;
    }
}

package dev.crystal.runtime.internal;

import dev.crystal.runtime.Reply;
import dev.crystal.runtime.ReplyFailure;
import dev.crystal.runtime.ReplyHandle;
import java.util.concurrent.CompletableFuture;

/** Answers a request made from outside the runtime by completing a future. Thread-safe: first answer wins. */
final class FutureReplyHandle<R> implements ReplyHandle<R> {
    private final CompletableFuture<Reply<R>> future;
    private final String correlationId;

    FutureReplyHandle(CompletableFuture<Reply<R>> future, String correlationId) {
        this.future = future;
        this.correlationId = correlationId;
    }

    @Override
    public boolean succeed(R value) {
        return future.complete(Reply.success(value));
    }

    @Override
    public boolean fail(ReplyFailure kind, String detail) {
        return future.complete(Reply.failure(kind, detail));
    }

    @Override
    public String correlationId() {
        return correlationId;
    }
}

package dev.crystal.runtime.internal;

import dev.crystal.runtime.Reply;
import dev.crystal.runtime.ReplyFailure;
import dev.crystal.runtime.ReplyHandle;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Answers a request made by a worker: the answer is posted back to the requesting worker's
 * callback queue so its callback runs on that worker's thread. Thread-safe: first answer (or the timeout) wins.
 */
final class CallbackReplyHandle<R> implements ReplyHandle<R> {
    private final WorkerCell<?> requester;
    private final Consumer<Reply<R>> onReply;
    private final String correlationId;
    private final String causationId;
    private final AtomicBoolean answered = new AtomicBoolean();
    private volatile Future<?> timeout;

    CallbackReplyHandle(WorkerCell<?> requester, Consumer<Reply<R>> onReply, String correlationId,
                        String causationId) {
        this.requester = requester;
        this.onReply = onReply;
        this.correlationId = correlationId;
        this.causationId = causationId;
    }

    void timeout(Future<?> timeout) {
        this.timeout = timeout;
        if (answered.get()) {
            timeout.cancel(false);
        }
    }

    @Override
    public boolean succeed(R value) {
        return answer(Reply.success(value));
    }

    @Override
    public boolean fail(ReplyFailure kind, String detail) {
        return answer(Reply.failure(kind, detail));
    }

    private boolean answer(Reply<R> reply) {
        if (!answered.compareAndSet(false, true)) {
            return false;
        }
        Future<?> t = timeout;
        if (t != null) {
            t.cancel(false);
        }
        requester.post(new Callback(correlationId, causationId, () -> onReply.accept(reply)));
        return true;
    }

    @Override
    public String correlationId() {
        return correlationId;
    }
}

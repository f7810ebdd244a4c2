package dev.crystal.runtime;

/**
 * Where the answer to one request goes. A handler may keep it and answer later, for example
 * after its own request to another worker has come back. Only the first answer counts.
 *
 * @param <R> reply value type
 */
public interface ReplyHandle<R> {

    /** Answers with a value. Returns {@code false} if the request was already answered or timed out. */
    boolean succeed(R value);

    /** Answers with a failure. Returns {@code false} if the request was already answered or timed out. */
    boolean fail(ReplyFailure kind, String detail);

    /** The correlation id of the request this handle answers. */
    String correlationId();
}

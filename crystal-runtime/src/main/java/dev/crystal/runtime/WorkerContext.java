package dev.crystal.runtime;

import java.time.Duration;
import java.time.InstantSource;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * A worker's only door to the world. Messages sent from a handler carry the current correlation
 * id on and name the current message as their cause. Callbacks (request replies, timers) run on the
 * worker's own thread, so they may touch the worker's state.
 */
public interface WorkerContext {

    /** This worker's address name. */
    String self();

    /** Sends a message; the result says whether the recipient's mailbox took it. */
    <M> Delivery send(Address<? super M> to, M message);

    /** Publishes an event to every worker subscribed to its type; returns how many took it. */
    int publish(Object event);

    /**
     * Sends a request and calls {@code onReply} on this worker's thread with the answer or with a
     * {@link ReplyFailure} (always exactly once, at the latest after {@code timeout}).
     */
    <R, M extends Request<R>> void request(Address<? super M> to, M message, Duration timeout,
                                           Consumer<Reply<R>> onReply);

    /** Answers the request currently being handled. */
    default <R> boolean reply(Request<R> request, R value) {
        return replyHandle(request).succeed(value);
    }

    /**
     * The handle that answers the request currently being handled; keep it to answer later.
     *
     * @throws IllegalStateException if the current message is not that request or has no reply-to
     */
    <R> ReplyHandle<R> replyHandle(Request<R> request);

    /**
     * {@code true} while handling a message whose sender waits for an answer (so {@link #replyHandle} works);
     * {@code false} for one-way messages, events, and outside a handler. Forwarders use it to tell requests
     * from one-way messages without catching exceptions.
     */
    boolean awaitsReply();

    /** Delivers {@code message} to {@code to} after {@code delay}, with the current correlation id. */
    <M> void schedule(Duration delay, Address<? super M> to, M message);

    /**
     * Runs {@code action} on this worker's own thread after {@code delay}, between messages (a timer for the
     * worker's own state, e.g. sending a batch that has waited long enough). Nothing runs once the runtime is
     * shutting down; an action that throws is logged and counted as an error.
     */
    void runLater(Duration delay, Runnable action);

    /** The correlation id of the message being handled. */
    String correlationId();

    /** The envelope being handled, or {@code null} in {@code onStart}/{@code onStop}. */
    Envelope<?> current();

    /** The runtime's time source; domain code never calls {@code Instant.now()} itself. */
    InstantSource clock();

    /** A logger named after this worker; every line carries the correlation id via the MDC. */
    Logger log();

    /**
     * The id of the message being handled, which messages sent now name as their cause; {@code null}
     * in {@code onStart}/{@code onStop}: by default the id of {@link #current()}.
     */
    default String causationId() {
        Envelope<?> envelope = current();
        return envelope == null ? null : envelope.messageId();
    }

    /** This worker's metrics (counters and timers tagged with the worker's name). */
    WorkerMetrics metrics();

    /**
     * The circuit breaker {@code name} of this worker, created with {@code options} on first use (later
     * calls return the same breaker and ignore {@code options}). Shared by a worker's partitions.
     */
    Breaker circuitBreaker(String name, BreakerOptions options);

    /** The rate limiter {@code name} of this worker, created with {@code options} on first use. */
    Guard rateLimiter(String name, RateLimitOptions options);

    /** The retry guard {@code name} of this worker, created with {@code options} on first use. */
    Guard retry(String name, RetryOptions options);

    /**
     * Runs {@code work} on behalf of another business operation: while it runs, {@link #correlationId()}, the MDC
     * ({@code correlationId}) and everything sent, published, requested or scheduled carry {@code correlationId}
     * instead of the current message's; afterwards the current correlation is restored. For work that serves
     * several operations in one handler (a retry sweep over pending notices or settlements), so every log line
     * and message names the operation it belongs to. A {@code null} id keeps the current correlation.
     */
    void withCorrelation(String correlationId, Runnable work);
}

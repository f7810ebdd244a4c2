package dev.crystal.server.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The door of the HTTP API for an orderly stop: it counts the requests in flight and, once {@link #close closed},
 * answers every new request {@code 503 SHUTTING_DOWN} while those already inside get their answers
 * ({@link #awaitIdle}). Thread-safe (atomics): Jetty's request threads pass it, the stopping thread closes it.
 */
public final class RequestGate {
    private static final String ADMITTED = "crystal.gate.admitted";
    /** Event streams: open until closed by the server, so they are refused when closed but never waited for. */
    private static final Set<String> STREAMS = Set.of("/messages/tail", "/ops/events");

    private final AtomicBoolean open = new AtomicBoolean(true);
    private final AtomicInteger inFlight = new AtomicInteger();

    /** Registers the gate on {@code app}; mount it before any other handler so it runs first. */
    public void mount(Javalin app) {
        app.before(this::enter);
        app.after(this::leave);
    }

    private void enter(Context ctx) {
        if (STREAMS.contains(ctx.path())) {
            if (!open.get()) {
                throw new ApiError(503, "SHUTTING_DOWN", null,
                        "the server is stopping and takes no new requests; retry after it restarts");
            }
            return;
        }
        inFlight.incrementAndGet();
        if (!open.get()) {
            inFlight.decrementAndGet();
            ctx.header("Connection", "close");
            throw new ApiError(503, "SHUTTING_DOWN", null,
                    "the server is stopping and takes no new requests; retry after it restarts");
        }
        ctx.attribute(ADMITTED, Boolean.TRUE);
    }

    private void leave(Context ctx) {
        if (ctx.attribute(ADMITTED) != null) {
            ctx.attribute(ADMITTED, null);
            inFlight.decrementAndGet();
        }
    }

    /** Stops admitting requests: every later one is answered 503. */
    public void close() {
        open.set(false);
    }

    /** Whether new requests are admitted. */
    public boolean isOpen() {
        return open.get();
    }

    /** Requests admitted and not yet answered. */
    public int inFlight() {
        return inFlight.get();
    }

    /** Waits until every admitted request has been answered, at most {@code timeout}; whether they all were. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (inFlight.get() > 0) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
        return true;
    }
}

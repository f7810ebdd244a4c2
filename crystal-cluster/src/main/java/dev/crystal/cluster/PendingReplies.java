package dev.crystal.cluster;

import dev.crystal.runtime.ReplyHandle;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reply handles of requests forwarded to other nodes, by the request's message id, until the answer comes back on
 * this node's reply stream. Written by forwarder threads, completed by the {@link ReplyPump}'s thread; a concurrent
 * map is the only shared state. Entries whose answer never comes are dropped after {@code keep} (the requester has
 * timed out long before).
 */
final class PendingReplies {
    private final Map<String, Waiting> waiting = new ConcurrentHashMap<>();
    private final long keepNanos;

    private record Waiting(ReplyHandle<Object> handle, long since) {
    }

    PendingReplies(Duration keep) {
        this.keepNanos = keep.toNanos();
    }

    void await(String requestId, ReplyHandle<Object> handle) {
        waiting.put(requestId, new Waiting(handle, System.nanoTime()));
    }

    /** The handle waiting for {@code requestId}, removed; {@code null} if none waits (answered or dropped). */
    ReplyHandle<Object> take(String requestId) {
        Waiting w = waiting.remove(requestId);
        return w == null ? null : w.handle();
    }

    /** Stops waiting for {@code requestId}; {@code true} if something was waiting. */
    boolean forget(String requestId) {
        return waiting.remove(requestId) != null;
    }

    /** Drops entries older than the keep time; returns how many. */
    int expire() {
        long now = System.nanoTime();
        int before = waiting.size();
        waiting.values().removeIf(w -> now - w.since() > keepNanos);
        return before - waiting.size();
    }

    int size() {
        return waiting.size();
    }
}

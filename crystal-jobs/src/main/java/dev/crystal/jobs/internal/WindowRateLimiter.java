package dev.crystal.jobs.internal;

import dev.crystal.jobs.RateLimit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fixed-window limiter shared by the workers of one queue in this process, used when the store offers no
 * shared rate limits. Lock-free: the window is an immutable value swapped by compare-and-set.
 */
final class WindowRateLimiter implements QueueRateLimiter {
    private record Window(long start, int used) {
    }

    private final RateLimit limit;
    private final long windowMillis;
    private final AtomicReference<Window> window = new AtomicReference<>(new Window(Long.MIN_VALUE, 0));

    WindowRateLimiter(RateLimit limit) {
        this.limit = limit;
        this.windowMillis = limit.per().toMillis();
    }

    @Override
    public RateLimit limit() {
        return limit;
    }

    @Override
    public int acquire(int wanted, long now) {
        while (true) {
            Window current = window.get();
            Window base = now >= current.start + windowMillis || now < current.start ? new Window(now, 0) : current;
            int granted = Math.min(wanted, limit.max() - base.used);
            if (granted <= 0) {
                if (base != current) {
                    window.compareAndSet(current, base);
                }
                return 0;
            }
            if (window.compareAndSet(current, new Window(base.start, base.used + granted))) {
                return granted;
            }
        }
    }

    @Override
    public void release(int unused, long now) {
        while (unused > 0) {
            Window current = window.get();
            if (now < current.start || now >= current.start + windowMillis) {
                return;
            }
            if (window.compareAndSet(current, new Window(current.start, Math.max(0, current.used - unused)))) {
                return;
            }
        }
    }

    @Override
    public long millisUntilNextWindow(long now) {
        Window current = window.get();
        return Math.max(0, current.start + windowMillis - now);
    }
}

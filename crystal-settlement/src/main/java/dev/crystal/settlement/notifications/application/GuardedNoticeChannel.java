package dev.crystal.settlement.notifications.application;

import dev.crystal.runtime.Breaker;
import dev.crystal.runtime.BreakerOptions;
import dev.crystal.runtime.BreakerState;
import dev.crystal.runtime.CallOutcome;
import dev.crystal.runtime.Guard;
import dev.crystal.runtime.RateLimitOptions;
import dev.crystal.runtime.WorkerContext;
import dev.crystal.settlement.contracts.NotificationsMessage.Notice;
import java.time.Duration;

/**
 * Puts a channel behind the notifications worker's circuit breaker (stop calling a failing channel for a while)
 * and rate limiter (never flood it), both the runtime's guards: the breaker's state is published as
 * {@code resilience4j_circuitbreaker_state{name="notifications/<channel>"}} and its transitions on the event bus.
 * A refused call fails like a failed delivery, so the notice stays pending and is retried later.
 * Used by the notifications worker's thread only.
 */
public final class GuardedNoticeChannel implements NoticeChannel {
    /** Open after half of 10 calls fail (at least 5), stay open 30 s, then let 2 trial calls through. */
    public static final BreakerOptions BREAKER = new BreakerOptions(50f, 10, 5, Duration.ofSeconds(30), 1.0,
            Duration.ofSeconds(30), 2);
    /** At most 100 notices per second; a notice over the limit is refused at once (and retried later). */
    public static final RateLimitOptions RATE = RateLimitOptions.of(100, Duration.ofSeconds(1));

    private final NoticeChannel channel;
    private final Breaker breaker;
    private final Guard limiter;

    public GuardedNoticeChannel(NoticeChannel channel, Breaker breaker, Guard limiter) {
        this.channel = channel;
        this.breaker = breaker;
        this.limiter = limiter;
    }

    /**
     * {@code channel} behind the breaker and limiter named after it in {@code context} (the runtime keeps them
     * across restarts of the worker, so a restart does not close an open breaker).
     */
    public static GuardedNoticeChannel of(NoticeChannel channel, WorkerContext context) {
        return new GuardedNoticeChannel(channel, context.circuitBreaker(channel.name(), BREAKER),
                context.rateLimiter(channel.name(), RATE));
    }

    @Override
    public String name() {
        return channel.name();
    }

    @Override
    public void deliver(Notice notice) throws Exception {
        CallOutcome<CallOutcome<Object>> limited = limiter.call(() -> breaker.call(() -> {
            channel.deliver(notice);
            return null;
        }));
        switch (limited) {
            case CallOutcome.Done<CallOutcome<Object>> done -> {
                switch (done.value()) {
                    case CallOutcome.Done<Object> delivered -> { }
                    case CallOutcome.Refused<Object> refused -> throw new IllegalStateException(refused.detail());
                    case CallOutcome.Failed<Object> failed -> throw asException(failed.error());
                }
            }
            case CallOutcome.Refused<CallOutcome<Object>> refused -> throw new IllegalStateException(refused.detail());
            case CallOutcome.Failed<CallOutcome<Object>> failed -> throw asException(failed.error());
        }
    }

    /** The breaker's state, for health and tests. */
    public BreakerState state() {
        return breaker.state();
    }

    private static Exception asException(Throwable error) {
        if (error instanceof Error fatal) {
            throw fatal;
        }
        return error instanceof Exception e ? e : new IllegalStateException(error);
    }
}

package dev.crystal.settlement.notifications.adapter;

import dev.crystal.settlement.contracts.NotificationsMessage.Notice;
import dev.crystal.settlement.notifications.application.NoticeChannel;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;

/**
 * Puts a channel behind a circuit breaker (stop calling a failing channel for a while) and a rate
 * limiter (never flood it). A refused call fails like a failed delivery, so the notice stays
 * pending and is retried later. Used by the notifications worker's thread only.
 */
public final class GuardedNoticeChannel implements NoticeChannel {
    private final NoticeChannel channel;
    private final CircuitBreakerRegistry breakers;
    private final CircuitBreaker breaker;
    private final RateLimiter limiter;

    public GuardedNoticeChannel(NoticeChannel channel, CircuitBreakerRegistry breakers, RateLimiter limiter) {
        this.channel = channel;
        this.breakers = breakers;
        this.breaker = breakers.circuitBreaker("notifications-" + channel.name());
        this.limiter = limiter;
    }

    /** The default guard: open after half of 10 calls fail, wait 30 s, allow 100 notices per second. */
    public static GuardedNoticeChannel withDefaults(NoticeChannel channel) {
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowSize(10).minimumNumberOfCalls(5).failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofSeconds(30)).permittedNumberOfCallsInHalfOpenState(2).build());
        RateLimiter limiter = RateLimiter.of("notifications-" + channel.name(), RateLimiterConfig.custom()
                .limitForPeriod(100).limitRefreshPeriod(Duration.ofSeconds(1)).timeoutDuration(Duration.ZERO).build());
        return new GuardedNoticeChannel(channel, breakers, limiter);
    }

    @Override
    public String name() {
        return channel.name();
    }

    @Override
    public void deliver(Notice notice) throws Exception {
        if (!limiter.acquirePermission()) {
            throw new IllegalStateException("rate limit of channel " + channel.name() + " reached");
        }
        try {
            breaker.executeCheckedSupplier(() -> {
                channel.deliver(notice);
                return null;
            });
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** The breaker's state, for health and tests. */
    public CircuitBreaker.State state() {
        return breaker.getState();
    }

    public CircuitBreaker breaker() {
        return breaker;
    }

    /** The registry holding the breaker, for binding its metrics. */
    public CircuitBreakerRegistry breakerRegistry() {
        return breakers;
    }
}

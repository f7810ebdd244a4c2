package dev.crystal.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void aKeyGetsItsBurstThenOnePermitPerInterval() {
        RateLimiter limiter = new RateLimiter(new RateLimit(10, 3), now::get);
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.acquire("a")).isInstanceOf(RateLimiter.Decision.Allowed.class);
        }
        var refused = (RateLimiter.Decision.Refused) limiter.acquire("a");
        assertThat(refused.retryAfterNanos()).isEqualTo(100_000_000L);
        assertThat(refused.retryAfterSeconds()).isEqualTo(1);
        assertThat(limiter.acquire("b")).as("keys are independent").isInstanceOf(RateLimiter.Decision.Allowed.class);
        now.addAndGet(100_000_000L);
        assertThat(limiter.acquire("a")).isInstanceOf(RateLimiter.Decision.Allowed.class);
        assertThat(limiter.acquire("a")).isInstanceOf(RateLimiter.Decision.Refused.class);
    }

    @Test
    void slowRatesAskForLongerWaits() {
        RateLimiter limiter = new RateLimiter(RateLimit.parse("6/m"), now::get);
        assertThat(limiter.acquire("k")).isInstanceOf(RateLimiter.Decision.Allowed.class);
        var refused = (RateLimiter.Decision.Refused) limiter.acquire("k");
        assertThat(refused.retryAfterSeconds()).isEqualTo(10);
    }

    @Test
    void idleKeysAreForgottenOnceTheTableIsFull() {
        RateLimiter limiter = new RateLimiter(new RateLimit(1_000, 1), now::get);
        for (int i = 0; i <= RateLimiter.MAX_KEYS; i++) {
            limiter.acquire("k" + i);
        }
        now.addAndGet(2_000_000_000L);
        limiter.acquire("fresh");
        assertThat(limiter.keys()).isEqualTo(1);
    }

    @Test
    void specsAreReadOrRefusedClearly() {
        assertThat(RateLimit.parse("100/s")).isEqualTo(new RateLimit(100, 100));
        assertThat(RateLimit.parse("off").limited()).isFalse();
        assertThat(new RateLimiter(RateLimit.parse("off")).acquire("x")).isInstanceOf(RateLimiter.Decision.Allowed.class);
        assertThatThrownBy(() -> RateLimit.parse("lots")).hasMessageContaining("100/s");
        assertThat(HttpLimits.DEFAULT_RATE_LIMIT.perSecond()).isGreaterThanOrEqualTo(20_000);
    }
}

package dev.crystal.redis.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crystal.jobs.RateLimit;
import dev.crystal.jobs.spi.SharedRateLimits;
import dev.crystal.redis.RedisTestKeys;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Lua limiter behind {@link RedisJobStore#sharedRateLimits()}: grants, partial grants, releases, window
 * changes and the key's expiry, with times passed in (no clock). Owned by the JUnit thread.
 */
class RedisRateLimitsTest {
    private static final String URI = System.getProperty("crystal.redis.uri", "redis://127.0.0.1:6379");
    private static final RateLimit LIMIT = RateLimit.of(5, Duration.ofMillis(500));
    /** A window start: a multiple of 500 ms. */
    private static final Instant WINDOW = Instant.parse("2026-01-05T08:00:00Z");

    @RegisterExtension
    final RedisTestKeys keys = RedisJobKeys.cleaner();

    private RedisJobStore store;
    private SharedRateLimits limits;

    @BeforeEach
    void open() {
        store = RedisJobStore.open(URI, keys.prefix());
        limits = store.sharedRateLimits().orElseThrow();
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static Instant at(long millisIntoWindow) {
        return WINDOW.plusMillis(millisIntoWindow);
    }

    @Test
    void windowsAreAlignedToTheClock() {
        assertThat(SharedRateLimits.windowStart(LIMIT, 1_234)).isEqualTo(1_000);
        assertThat(SharedRateLimits.windowStart(LIMIT, 1_500)).isEqualTo(1_500);
        assertThat(SharedRateLimits.windowStart(LIMIT, -1)).isEqualTo(-500);
        assertThat(SharedRateLimits.nextWindowStart(LIMIT, 1_499)).isEqualTo(1_500);
        assertThat(SharedRateLimits.windowMillis(RateLimit.of(1, Duration.ofNanos(10)))).isEqualTo(1);
    }

    @Test
    void grantsUpToTheMaxThenPartiallyThenNothing() {
        assertThat(limits.acquire("mail", LIMIT, 3, at(0))).isEqualTo(3);
        assertThat(limits.acquire("mail", LIMIT, 3, at(100))).isEqualTo(2);
        assertThat(limits.acquire("mail", LIMIT, 1, at(499))).isZero();
        assertThat(limits.acquire("other", LIMIT, 5, at(499))).as("queues are counted apart").isEqualTo(5);
        assertThat(limits.acquire("mail", LIMIT, 0, at(499))).isZero();
    }

    @Test
    void releasedPermitsCanBeTakenAgainInTheSameWindowOnly() {
        assertThat(limits.acquire("mail", LIMIT, 5, at(10))).isEqualTo(5);
        limits.release("mail", LIMIT, 3, at(10));
        assertThat(limits.acquire("mail", LIMIT, 5, at(20))).isEqualTo(3);
        assertThat(limits.acquire("mail", LIMIT, 1, at(500))).as("next window").isEqualTo(1);
        limits.release("mail", LIMIT, 5, at(20));
        assertThat(limits.acquire("mail", LIMIT, 9, at(600)))
                .as("a release for a past window does not add to the current one").isEqualTo(4);
        limits.release("mail", LIMIT, 99, at(600));
        assertThat(limits.acquire("mail", LIMIT, 9, at(700))).as("never below zero taken").isEqualTo(5);
    }

    @Test
    void aNewWindowStartsFromZeroAndALaggingClockGetsNothing() {
        assertThat(limits.acquire("mail", LIMIT, 5, at(0))).isEqualTo(5);
        assertThat(limits.acquire("mail", LIMIT, 5, at(1_000))).isEqualTo(5);
        assertThat(limits.acquire("mail", LIMIT, 5, at(999)))
                .as("an engine still in an earlier window waits for the counted one").isZero();
        assertThat(limits.acquire("mail", LIMIT, 2, at(1_700))).isEqualTo(2);
    }

    @Test
    void theCountIsOneHashUnderTheHashTagThatExpiresAfterTwoWindows() {
        limits.acquire("mail", LIMIT, 2, at(0));
        RedisClient client = RedisClient.create(URI);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            String key = RedisJobStore.keyBase(keys.prefix()) + "limit:mail";
            assertThat(connection.sync().hgetall(key))
                    .containsEntry("w", Long.toString(WINDOW.toEpochMilli())).containsEntry("n", "2");
            assertThat(connection.sync().pttl(key)).isBetween(1L, 1_000L);
        } finally {
            client.shutdown();
        }
    }
}

package dev.crystal.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.crystal.runtime.Address;
import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.OverflowPolicy;
import dev.crystal.runtime.Reply;
import dev.crystal.runtime.ReplyFailure;
import dev.crystal.runtime.RestartPolicy;
import dev.crystal.runtime.RuntimeConfig;
import dev.crystal.runtime.Worker;
import dev.crystal.runtime.WorkerContext;
import dev.crystal.runtime.WorkerHealth;
import dev.crystal.runtime.WorkerOptions;
import dev.crystal.runtime.WorkerRuntime;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Back-pressure at the edge (issue 14 item 3) on a real runtime: a domain whose mailbox is full, or whose worker waits
 * for its restart, is refused at once with 503 and {@code Retry-After}, before anything is sent to it.
 */
class DomainAdmissionTest {
    private static final Address<String> DOMAIN = Address.of("edge-domain", String.class);
    private final WorkerRuntime runtime = WorkerRuntime.create(RuntimeConfig.defaults("edge"));

    @AfterEach
    void stop() {
        runtime.shutdownNow();
    }

    @Test
    void aFullMailboxIsRefusedAtOnceWithRetryAfter() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        runtime.register(DOMAIN, new Worker<>() {
            @Override
            public void onMessage(Envelope<String> envelope, WorkerContext context) throws Exception {
                release.await(10, TimeUnit.SECONDS);
            }
        }, WorkerOptions.defaults().withMailboxCapacity(4).withOverflowPolicy(OverflowPolicy.REJECT));
        runtime.start();
        DomainAdmission.check(runtime, DOMAIN); // empty: admitted
        // The worker takes a batch off its mailbox and blocks in the first message; what comes after fills it.
        AtomicInteger sent = new AtomicInteger();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            runtime.send(DOMAIN, "m" + sent.incrementAndGet(), null);
            return runtime.healthOf(DOMAIN.name()).orElseThrow().mailboxFull();
        });
        assertThatThrownBy(() -> DomainAdmission.check(runtime, DOMAIN)).isInstanceOfSatisfying(ApiError.class, e -> {
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.code()).isEqualTo("BUSY");
            assertThat(e.retryAfterSeconds()).isEqualTo(DomainAdmission.BUSY_RETRY_AFTER_SECONDS);
            assertThat(e.getMessage()).contains("edge-domain");
        });
        // A request the mailbox refused anyway (a race with the check, or a full stream) also says when to come back.
        ApiError rejected = Gateway.unavailable(new Reply.Failure<>(ReplyFailure.REJECTED, "mailbox is full"));
        assertThat(rejected.retryAfterSeconds()).isEqualTo(DomainAdmission.BUSY_RETRY_AFTER_SECONDS);
        assertThat(Gateway.unavailable(new Reply.Failure<>(ReplyFailure.TIMEOUT, "late")).retryAfterSeconds())
                .isZero();
        release.countDown();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> DomainAdmission.check(runtime, DOMAIN));
    }

    @Test
    void aDomainWaitingForItsRestartIsRefusedAtOnce() {
        AtomicInteger starts = new AtomicInteger();
        runtime.register(DOMAIN, new Worker<>() {
            @Override
            public void onStart(WorkerContext context) {
                if (starts.incrementAndGet() <= 3) {
                    throw new IllegalStateException("store unavailable");
                }
            }

            @Override
            public void onMessage(Envelope<String> envelope, WorkerContext context) {
            }
        }, WorkerOptions.defaults().withRestartPolicy(new RestartPolicy(Integer.MAX_VALUE, Duration.ofMinutes(1),
                Duration.ofMillis(700), Duration.ofMillis(700))));
        runtime.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> runtime.healthOf(DOMAIN.name()).orElseThrow().state()
                == WorkerHealth.WorkerState.RESTARTING);
        assertThatThrownBy(() -> DomainAdmission.check(runtime, DOMAIN)).isInstanceOfSatisfying(ApiError.class, e -> {
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.code()).isEqualTo("DOMAIN_UNAVAILABLE");
            assertThat(e.retryAfterSeconds()).isEqualTo(DomainAdmission.DOWN_RETRY_AFTER_SECONDS);
            assertThat(e.getMessage()).contains("restarting");
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> runtime.healthOf(DOMAIN.name()).orElseThrow().state()
                == WorkerHealth.WorkerState.RUNNING);
        DomainAdmission.check(runtime, DOMAIN);
        assertThat(runtime.healthOf("no-such-domain")).as("another node's domain is not checked here").isEmpty();
    }
}

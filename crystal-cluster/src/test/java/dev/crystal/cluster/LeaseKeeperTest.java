package dev.crystal.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crystal.runtime.Address;
import dev.crystal.runtime.RuntimeConfig;
import dev.crystal.runtime.WorkerRuntime;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The lease keeper renews a domain's lease while its worker is busy in one long batch, stops renewing for a worker
 * that stays away too long (hung: a standby must take over), and counts a refused renewal as lost at once.
 */
class LeaseKeeperTest {
    private static final long CHECK_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    /** What the lease service answers next: an epoch (granted), 0 (another holder) or -1 (unreachable). */
    private final AtomicLong answer = new AtomicLong(7);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final WorkerRuntime runtime = WorkerRuntime.create(RuntimeConfig.defaults("keeper"));

    private final ScriptedLease scripted = new ScriptedLease(answer);

    private final DomainLease lease = new DomainLease("notes", "n1", scripted, CHECK_EVERY_NANOS, runtime,
            Address.of("notes.worker", Object.class), meters);

    @AfterEach
    void stop() {
        runtime.shutdownNow();
    }

    @Test
    void aBusyWorkersLeaseIsRenewedForItAndAHungWorkersLeaseIsLetLapse() throws Exception {
        assertThat(lease.check()).isTrue();
        assertThat(scripted.asks()).hasValue(1);

        lease.keepAlive(); // just renewed by the worker: nothing to do
        assertThat(scripted.asks()).hasValue(1);

        Thread.sleep(80); // the worker is busy in a batch, past a check interval
        lease.keepAlive();
        assertThat(scripted.asks()).hasValue(2);
        assertThat(lease.held()).isTrue();
        assertThat(lease.epoch()).isEqualTo(7);
        assertThat(meters.counter("crystal.lease.kept.alive", "domain", "notes").count()).isEqualTo(1);

        // The worker stays away for longer than MAX_BUSY_CHECKS intervals: presumed hung, the keeper lets go.
        Thread.sleep(TimeUnit.NANOSECONDS.toMillis(DomainLease.MAX_BUSY_CHECKS * CHECK_EVERY_NANOS) + 100);
        lease.keepAlive();
        assertThat(scripted.asks()).hasValue(2);
    }

    @Test
    void aRenewalRefusedWhileTheWorkerIsBusyStopsTheWriterAtOnce() throws Exception {
        assertThat(lease.check()).isTrue();
        Thread.sleep(80);
        answer.set(0); // another node holds it now

        lease.keepAlive();

        assertThat(lease.held()).isFalse();
        assertThat(lease.fencingEpoch().getAsLong()).isZero(); // the worker's writes are refused from now on
        assertThat(meters.counter("crystal.lease.changes", "domain", "notes", "change", "lost").count()).isEqualTo(1);
    }

    @Test
    void anUnreachableLeaseServiceWhileTheWorkerIsBusyStopsTheWriterAtOnce() throws Exception {
        assertThat(lease.check()).isTrue();
        Thread.sleep(80);
        answer.set(-1);

        lease.keepAlive();

        assertThat(lease.held()).isFalse();
        assertThat(meters.counter("crystal.lease.changes", "domain", "notes", "change", "lost").count()).isEqualTo(1);
    }

    @Test
    void aLapsedGrantIsLeftToTheWorkersNextCheck() throws Exception {
        assertThat(lease.check()).isTrue();
        Thread.sleep(80);
        answer.set(9); // the lease lapsed and was granted again, with a newer epoch

        lease.keepAlive();

        assertThat(lease.held()).isTrue();
        assertThat(lease.epoch()).isEqualTo(7); // not adopted by the keeper: the worker's check settles it
        assertThat(meters.counter("crystal.lease.kept.alive", "domain", "notes").count()).isZero();
    }

    @Test
    void theKeepersThreadRenewsWhileTheWorkerDoesNotPoll() {
        assertThat(lease.check()).isTrue();
        try (LeaseKeeper keeper = new LeaseKeeper(List.of(lease), CHECK_EVERY_NANOS / 2)) {
            keeper.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> scripted.asks().get() >= 4);
            assertThat(lease.held()).isTrue();
        }
    }
}

package dev.crystal.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crystal.runtime.spi.Lease;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Lease} implementation must do (run on {@code RedisLeases} and {@link InMemoryLeases}): one
 * holder at a time, renewal keeps it, a lease not renewed passes to another holder after its time to live, and a
 * release lets another take it at once but never drops someone else's lease. Subclasses give leases of one shared
 * store whose time to live is {@link #TTL}. Thread ownership: the JUnit thread.
 */
public abstract class LeaseContract {
    /** The time to live of the leases under test: long enough that a loaded machine renews in time. */
    protected static final Duration TTL = Duration.ofSeconds(2);

    /** The lease {@code name} as holder {@code holder} sees it. */
    protected abstract Lease lease(String holder, String name);

    /** Who holds {@code name} now, or {@code null}. */
    protected abstract String holderOf(String name);

    @Test
    void oneHolderAtATimeAndRenewalKeepsIt() throws InterruptedException {
        Lease first = lease("node-a", "domain.balance");
        Lease second = lease("node-b", "domain.balance");
        assertThat(first.tryHold()).isTrue();
        assertThat(second.tryHold()).isFalse();
        for (int i = 0; i < 8; i++) {
            Thread.sleep(TTL.toMillis() / 5); // together longer than the time to live: only renewal keeps it
            assertThat(first.tryHold()).as("renewed before it lapses").isTrue();
            assertThat(second.tryHold()).isFalse();
        }
        assertThat(holderOf("domain.balance")).isEqualTo("node-a");
    }

    @Test
    void aLeaseNotRenewedPassesToAnotherHolder() {
        assertThat(lease("node-a", "domain.collections").tryHold()).isTrue();
        Lease second = lease("node-b", "domain.collections");
        assertThat(second.tryHold()).isFalse();
        await().atMost(TTL.multipliedBy(5)).until(second::tryHold);
        assertThat(holderOf("domain.collections")).isEqualTo("node-b");
        assertThat(lease("node-a", "domain.collections").tryHold()).as("the old holder lost it").isFalse();
    }

    @Test
    void releasingLetsAnotherTakeItAtOnceButNeverDropsSomeoneElsesLease() {
        Lease first = lease("node-a", "domain.freeplay");
        assertThat(first.tryHold()).isTrue();
        lease("node-b", "domain.freeplay").close();
        assertThat(holderOf("domain.freeplay")).as("b cannot release a's lease").isEqualTo("node-a");
        first.close();
        assertThat(holderOf("domain.freeplay")).isNull();
        assertThat(lease("node-b", "domain.freeplay").tryHold()).isTrue();
    }

    @Test
    void leasesOfDifferentNamesAreIndependent() {
        Lease balance = lease("node-a", "domain.balance");
        Lease adjustments = lease("node-b", "domain.adjustments");
        assertThat(balance.tryHold()).isTrue();
        assertThat(adjustments.tryHold()).as("another name is free although node-a holds one").isTrue();
        assertThat(balance.tryHold()).as("node-a still holds its own").isTrue();
    }
}

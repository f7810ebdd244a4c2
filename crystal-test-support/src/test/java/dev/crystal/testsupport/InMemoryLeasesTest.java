package dev.crystal.testsupport;

import dev.crystal.runtime.spi.Lease;

/** {@link LeaseContract} on the in-JVM leases. Thread ownership: the JUnit thread. */
class InMemoryLeasesTest extends LeaseContract {
    private final InMemoryLeases leases = new InMemoryLeases(TTL);

    @Override
    protected Lease lease(String holder, String name) {
        return leases.lease(name, holder);
    }

    @Override
    protected String holderOf(String name) {
        return leases.holderOf(name);
    }
}

package dev.crystal.testsupport;

import dev.crystal.runtime.spi.Transport;
import java.time.InstantSource;

/** Runs the transport contract against the in-JVM transport. */
class InMemoryTransportContractTest extends TransportContract {

    @Override
    protected Transport createTransport(InstantSource clock) {
        return new InMemoryTransport(clock, 10_000);
    }
}

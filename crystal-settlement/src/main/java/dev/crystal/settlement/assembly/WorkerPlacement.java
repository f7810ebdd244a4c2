package dev.crystal.settlement.assembly;

import dev.crystal.runtime.Address;
import dev.crystal.runtime.Worker;
import dev.crystal.runtime.WorkerRuntime;

/**
 * Where a domain's worker is put: straight at its address in this JVM (embedded), or behind a stream that every
 * node sends the domain's messages to (cluster). Called by the assembling thread before the runtime starts.
 */
@FunctionalInterface
public interface WorkerPlacement {

    /** Registers {@code worker} as the one that handles what is sent to {@code address}. */
    <T> void place(Address<T> address, Worker<T> worker);

    /** Registers workers directly at their addresses on {@code runtime}. */
    static WorkerPlacement local(WorkerRuntime runtime) {
        return runtime::register;
    }
}

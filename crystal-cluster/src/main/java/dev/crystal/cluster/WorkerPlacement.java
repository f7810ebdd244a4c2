package dev.crystal.cluster;

import dev.crystal.runtime.Address;
import dev.crystal.runtime.RestartPolicy;
import dev.crystal.runtime.Worker;
import dev.crystal.runtime.WorkerOptions;
import dev.crystal.runtime.WorkerRuntime;
import java.time.Duration;

/**
 * Where a domain's worker is put: straight at its address in this JVM (embedded), or behind a stream that every
 * node sends the domain's messages to (cluster). Called by the assembling thread before the runtime starts.
 */
@FunctionalInterface
public interface WorkerPlacement {
    /**
     * How a domain worker whose store fails is supervised: a crash (a failing {@code onStart} or commit) restarts it
     * after a back-off of 100 ms doubling to 2 s, without limit, so it is never left {@code FAILED} while the
     * platform still takes work for its domain; each restart is logged and counted ({@code crystal.worker.restarts},
     * {@code restarts} in {@code /health}).
     */
    RestartPolicy DOMAIN_RESTARTS = new RestartPolicy(Integer.MAX_VALUE, Duration.ofMinutes(1),
            Duration.ofMillis(100), Duration.ofSeconds(2));
    /** The options domain workers are registered with: the defaults and {@link #DOMAIN_RESTARTS}. */
    WorkerOptions DOMAIN_OPTIONS = WorkerOptions.defaults().withRestartPolicy(DOMAIN_RESTARTS);

    /** Registers {@code worker} as the one that handles what is sent to {@code address}. */
    <T> void place(Address<T> address, Worker<T> worker);

    /** Registers workers directly at their addresses on {@code runtime}. */
    static WorkerPlacement local(WorkerRuntime runtime) {
        return new WorkerPlacement() {
            @Override
            public <T> void place(Address<T> address, Worker<T> worker) {
                runtime.register(address, worker, DOMAIN_OPTIONS);
            }
        };
    }
}

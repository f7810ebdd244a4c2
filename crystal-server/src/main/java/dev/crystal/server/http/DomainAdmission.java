package dev.crystal.server.http;

import dev.crystal.runtime.Address;
import dev.crystal.runtime.WorkerHealth;
import dev.crystal.runtime.WorkerRuntime;
import java.util.Locale;
import java.util.Optional;

/**
 * Back-pressure at the HTTP edge (issue 14 item 3): a request to a domain that cannot take it now is refused at once
 * with {@code 503} and {@code Retry-After}, instead of waiting for room in a full mailbox or for the timeout of a
 * worker that is not running. A domain whose worker is restarting (or failed, or stopped) answers
 * {@code DOMAIN_UNAVAILABLE}; a domain whose mailbox is full answers {@code BUSY}. A domain this node does not run
 * (another node's, in a cluster) is not checked here. Stateless; request threads.
 */
final class DomainAdmission {
    /** Seconds a caller is told to wait when the domain's mailbox is full. */
    static final int BUSY_RETRY_AFTER_SECONDS = 1;
    /** Seconds a caller is told to wait when the domain's worker is not running (its restart back-off is up to 2 s). */
    static final int DOWN_RETRY_AFTER_SECONDS = 2;

    private DomainAdmission() {
    }

    /** Throws the refusal when {@code to}'s worker on this node is not running or its mailbox is full. */
    static void check(WorkerRuntime runtime, Address<?> to) {
        Optional<WorkerHealth> health = runtime.healthOf(to.name());
        if (health.isEmpty()) {
            return;
        }
        WorkerHealth h = health.get();
        switch (h.state()) {
            // CREATED: the platform is starting and the message waits for the worker's first turn.
            case CREATED, RUNNING, DRAINING -> {
                if (h.mailboxFull()) {
                    throw new ApiError(503, "BUSY", null, "the " + to.name() + " domain has " + h.mailboxDepth()
                            + " requests waiting, as many as it holds; send this one again after the Retry-After "
                            + "delay").retryAfter(BUSY_RETRY_AFTER_SECONDS);
                }
            }
            case RESTARTING, STOPPED, FAILED -> throw new ApiError(503, "DOMAIN_UNAVAILABLE", null,
                    "the " + to.name() + " domain is " + h.state().name().toLowerCase(Locale.ROOT)
                            + " and takes no requests now; nothing was done, send it again after the Retry-After "
                            + "delay").retryAfter(DOWN_RETRY_AFTER_SECONDS);
        }
    }
}

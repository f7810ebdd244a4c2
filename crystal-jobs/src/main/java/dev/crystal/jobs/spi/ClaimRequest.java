package dev.crystal.jobs.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * Asks for up to {@code max} ready jobs of a queue. Immutable.
 *
 * @param max       most jobs to claim (0 to only finish outcomes)
 * @param lockToken token identifying the claiming worker
 * @param now       the engine's current time (delayed jobs due by then are promoted first)
 * @param lockUntil lock expiry for the claimed jobs
 */
public record ClaimRequest(int max, String lockToken, Instant now, Instant lockUntil) {
    public ClaimRequest {
        Objects.requireNonNull(lockToken, "lockToken");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(lockUntil, "lockUntil");
    }
}

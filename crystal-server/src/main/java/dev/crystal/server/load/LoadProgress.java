package dev.crystal.server.load;

import java.time.Duration;

/**
 * The run so far, reported about once per second. Immutable.
 *
 * @param elapsed       time since the first request
 * @param planned       the run's duration
 * @param sent          requests started
 * @param completed     responses received (or failed)
 * @param currentRate   responses per second over the last interval
 * @param p50Ms         median response time over the last interval
 * @param p99Ms         99th percentile response time over the last interval
 * @param errors        requests that did not end with a 2xx answer, so far
 * @param dropped       requests not started so far because the in-flight cap was reached (the target fell behind)
 * @param offeredRate   the rate the plan offers at this moment (its profile), requests/s
 */
public record LoadProgress(Duration elapsed, Duration planned, long sent, long completed, double currentRate,
                           double p50Ms, double p99Ms, long errors, long dropped, double offeredRate) {
}

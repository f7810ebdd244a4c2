package dev.crystal.settlement.kernel;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Paces a worker's idempotent asks to another domain (e.g. ledger postings) per item: at most one ask per item in
 * flight, at most {@code maxInFlight} in all, and an item whose ask failed (timeout, target down) is asked again only
 * after an exponential back-off with jitter ({@code firstDelay} doubling per failure in a row up to {@code maxDelay},
 * each drawn between half and all of it). It also keeps the one resume timer a worker needs for every item waiting
 * for its turn. A failure never re-asks other items. Thread ownership: the owning worker's thread.
 */
public final class AskThrottle {
    /** What to do with an item now. */
    public enum Turn {
        /** Ask now: the item is counted in flight until {@link #answered} or {@link #failed}. */
        ASK,
        /** Its answer is on the way: do not ask again. */
        IN_FLIGHT,
        /** Not now (in back-off, or too many asks in flight): the resume timer ({@link #resumeAt}) covers it. */
        LATER
    }

    /** An item whose last ask failed: how often in a row, and not to be asked before {@code notBefore}. */
    private record Backoff(int failures, Instant notBefore) {
    }

    private final Duration firstDelay;
    private final Duration maxDelay;
    private final int maxInFlight;
    private final Duration timerLostAfter;
    private final RandomGenerator random;
    private final Set<String> inFlight = new HashSet<>();
    private final Map<String, Backoff> backoffs = new HashMap<>();
    /** When the one pending resume timer fires, or {@code null} when none is scheduled. */
    private Instant resumeAt;
    /** The earliest time an item told {@link Turn#LATER} may be asked; {@code null} when none waits. */
    private Instant wanted;

    /**
     * @param timerLostAfter a resume timer overdue by more than this counts as lost (e.g. its stream was lost with a
     *                       Redis restart) and is scheduled again
     */
    public AskThrottle(Duration firstDelay, Duration maxDelay, int maxInFlight, Duration timerLostAfter,
                       RandomGenerator random) {
        if (firstDelay.isNegative() || firstDelay.isZero() || maxDelay.compareTo(firstDelay) < 0 || maxInFlight < 1) {
            throw new IllegalArgumentException("need 0 < firstDelay <= maxDelay and maxInFlight >= 1, was "
                    + firstDelay + ", " + maxDelay + ", " + maxInFlight);
        }
        this.firstDelay = firstDelay;
        this.maxDelay = maxDelay;
        this.maxInFlight = maxInFlight;
        this.timerLostAfter = timerLostAfter;
        this.random = random;
    }

    /** Whether {@code item} may be asked at {@code now}; {@link Turn#ASK} counts it in flight. */
    public Turn turn(String item, Instant now) {
        if (inFlight.contains(item)) {
            return Turn.IN_FLIGHT;
        }
        Backoff backoff = backoffs.get(item);
        if (backoff != null && now.isBefore(backoff.notBefore())) {
            want(backoff.notBefore());
            return Turn.LATER;
        }
        if (inFlight.size() >= maxInFlight) {
            want(now.plus(firstDelay));
            return Turn.LATER;
        }
        inFlight.add(item);
        return Turn.ASK;
    }

    /** The item's ask was answered: it leaves the flight and its back-off is forgotten. */
    public void answered(String item) {
        inFlight.remove(item);
        backoffs.remove(item);
    }

    /** The item's ask failed: returns how long until it may be asked again (its back-off, after this failure). */
    public Duration failed(String item, Instant now) {
        inFlight.remove(item);
        Backoff previous = backoffs.get(item);
        int failures = previous == null ? 1 : previous.failures() + 1;
        long ceiling = Math.min(maxDelay.toMillis(), firstDelay.toMillis() << Math.min(failures - 1, 20));
        Duration wait = Duration.ofMillis(ceiling / 2 + random.nextLong(ceiling / 2 + 1));
        backoffs.put(item, new Backoff(failures, now.plus(wait)));
        want(now.plus(wait));
        return wait;
    }

    /** Failed asks of {@code item} in a row (0 after an answer). */
    public int failuresInARow(String item) {
        Backoff backoff = backoffs.get(item);
        return backoff == null ? 0 : backoff.failures();
    }

    /** Forgets everything (a takeover or restart: whatever was in flight is asked again). */
    public void clear() {
        inFlight.clear();
        backoffs.clear();
        resumeAt = null;
        wanted = null;
    }

    /**
     * The delay of a resume timer the worker must schedule now, if one is needed: an item waits for its turn and no
     * live timer fires by then. The worker schedules it, and on the timer calls {@link #resumed} and asks again.
     */
    public Optional<Duration> resumeAt(Instant now) {
        if (wanted == null) {
            return Optional.empty();
        }
        Instant at = wanted;
        wanted = null;
        boolean live = resumeAt != null && resumeAt.isAfter(now.minus(timerLostAfter));
        if (live && !resumeAt.isAfter(at)) {
            return Optional.empty();
        }
        resumeAt = at;
        Duration delay = Duration.between(now, at);
        return Optional.of(delay.isNegative() ? Duration.ZERO : delay);
    }

    /** A resume timer fired at {@code now}: the live one, when due, is spent (the next need schedules another). */
    public void resumed(Instant now) {
        if (resumeAt != null && !now.isBefore(resumeAt)) {
            resumeAt = null;
        }
    }

    private void want(Instant at) {
        if (wanted == null || at.isBefore(wanted)) {
            wanted = at;
        }
    }
}

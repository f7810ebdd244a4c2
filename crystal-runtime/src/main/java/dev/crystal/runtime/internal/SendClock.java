package dev.crystal.runtime.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.InstantSource;

/**
 * The timestamp stamped on envelopes. With the system clock it is a cached millisecond clock: one
 * {@link System#currentTimeMillis()} (an intrinsic vDSO read, no JNI call, unlike {@code Clock.instant()})
 * per send, and one {@link Instant} allocated per millisecond, shared by every envelope sent in that
 * millisecond. Any other clock (a test's fixed or mutable clock) is asked on every send, as before.
 * Thread-safe without locks: {@link #last} is a racy cache of an immutable {@link Stamp} (final fields, so a
 * reader sees a fully built one); losing a race only means one extra allocation.
 */
final class SendClock {
    private final InstantSource clock;
    private final boolean system;
    /** Racy single-entry cache, written at most about once per millisecond. */
    private Stamp last = new Stamp(Long.MIN_VALUE, Instant.EPOCH);

    SendClock(InstantSource clock) {
        this.clock = clock;
        this.system = isSystem(clock);
    }

    private static boolean isSystem(InstantSource clock) {
        return clock == InstantSource.system() || clock.getClass() == Clock.systemUTC().getClass();
    }

    Instant now() {
        if (!system) {
            return clock.instant();
        }
        long millis = System.currentTimeMillis();
        Stamp stamp = last;
        if (stamp.millis == millis) {
            return stamp.instant;
        }
        Instant instant = Instant.ofEpochMilli(millis);
        last = new Stamp(millis, instant);
        return instant;
    }

    private record Stamp(long millis, Instant instant) {
    }
}

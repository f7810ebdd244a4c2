package dev.crystal.server.ops;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A clock that moves only when the test says so. Owned by the test thread. */
final class ManualClock implements InstantSource {
    private Instant now = Instant.parse("2026-01-26T15:30:00Z");

    @Override
    public Instant instant() {
        return now;
    }

    void advance(Duration d) {
        now = now.plus(d);
    }
}

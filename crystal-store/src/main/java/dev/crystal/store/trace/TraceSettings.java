package dev.crystal.store.trace;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * What the trace log keeps: which operations are traced ({@link Mode}), how long and how many rows are kept, and
 * how many hops may wait for the writer before new ones are dropped (and counted). Immutable, validated.
 *
 * @param mode         {@code OFF}, {@code ON} (every operation) or {@code SAMPLE} (one operation in {@code sampleEvery})
 * @param sampleEvery  with {@code SAMPLE}: trace one correlation id in this many (chosen by the id, so an operation
 *                     is traced on every hop and every node or not at all); 1 otherwise
 * @param maxAge       rows older than this are deleted
 * @param maxRows      at most this many rows are kept (the oldest go first)
 * @param ringCapacity hops waiting for the writer thread beyond which new ones are dropped
 */
public record TraceSettings(Mode mode, int sampleEvery, Duration maxAge, long maxRows, int ringCapacity) {
    /** Which operations are traced. */
    public enum Mode { OFF, ON, SAMPLE }

    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(1);
    public static final long DEFAULT_MAX_ROWS = 1_000_000;
    public static final int DEFAULT_RING_CAPACITY = 65_536;

    public TraceSettings {
        Objects.requireNonNull(mode, "mode");
        if (sampleEvery < 1) {
            throw new IllegalArgumentException("trace sample must be at least 1, was " + sampleEvery);
        }
        Objects.requireNonNull(maxAge, "maxAge");
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("trace retention age must be positive, was " + maxAge);
        }
        if (maxRows < 1) {
            throw new IllegalArgumentException("trace retention rows must be at least 1, was " + maxRows);
        }
        if (ringCapacity < 16) {
            throw new IllegalArgumentException("trace ring capacity must be at least 16, was " + ringCapacity);
        }
    }

    /** Every operation traced, default retention. */
    public static TraceSettings on() {
        return new TraceSettings(Mode.ON, 1, DEFAULT_MAX_AGE, DEFAULT_MAX_ROWS, DEFAULT_RING_CAPACITY);
    }

    /** Nothing traced. */
    public static TraceSettings off() {
        return new TraceSettings(Mode.OFF, 1, DEFAULT_MAX_AGE, DEFAULT_MAX_ROWS, DEFAULT_RING_CAPACITY);
    }

    /** The platform's default (see docs/benchmarks.md, "Tracing overhead"). */
    public static TraceSettings defaults() {
        return on();
    }

    /**
     * Parses {@code on}, {@code off} or {@code sample=N} (one operation in N), keeping this retention.
     *
     * @throws IllegalArgumentException naming what is accepted
     */
    public TraceSettings withMode(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("on")) {
            return new TraceSettings(Mode.ON, 1, maxAge, maxRows, ringCapacity);
        }
        if (t.equals("off")) {
            return new TraceSettings(Mode.OFF, 1, maxAge, maxRows, ringCapacity);
        }
        if (t.startsWith("sample=")) {
            try {
                int n = Integer.parseInt(t.substring("sample=".length()));
                if (n >= 1) {
                    return new TraceSettings(n == 1 ? Mode.ON : Mode.SAMPLE, n, maxAge, maxRows, ringCapacity);
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        throw new IllegalArgumentException("trace must be on, off or sample=N (N a whole number >= 1), was '" + text + "'");
    }

    public TraceSettings withRetention(Duration age, long rows) {
        return new TraceSettings(mode, sampleEvery, age, rows, ringCapacity);
    }

    /** The mode as the option reads it: {@code on}, {@code off} or {@code sample=N}. */
    public String modeText() {
        return switch (mode) {
            case ON -> "on";
            case OFF -> "off";
            case SAMPLE -> "sample=" + sampleEvery;
        };
    }
}

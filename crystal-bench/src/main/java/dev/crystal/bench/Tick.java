package dev.crystal.bench;

/** The benchmark message: a small immutable record passed by reference. */
public record Tick(long value) {
    /** One shared instance, so every peer moves the same reference and nobody pays for payload allocation. */
    public static final Tick ONE = new Tick(1);
}

package dev.crystal.runtime;

import java.util.Locale;
import java.util.Optional;

/**
 * How urgently a message is taken from a worker's mailbox or a stream consumer's batch. A worker takes waiting
 * {@link #HIGH} messages first, but at most {@value #HIGH_BURST} in a row while {@link #NORMAL} ones wait, so a
 * stream of high-priority messages never starves the normal ones.
 */
public enum Priority {
    NORMAL,
    HIGH;

    /** How many high-priority messages a worker takes in a row while normal ones are waiting. */
    public static final int HIGH_BURST = 4;

    /** The lower-case name used in files, frames and logs ({@code normal}, {@code high}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The priority of a wire name ({@code high}, {@code normal}; any case), if it is one. */
    public static Optional<Priority> fromWireName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        for (Priority p : values()) {
            if (p.name().equalsIgnoreCase(name.strip())) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}

package dev.crystal.server.auth;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a key may do, each role including the ones before it: {@link #CLIENT} settles and reads its customers,
 * {@link #OPERATOR} runs the platform (dashboard, every read, jobs, dead letters, back-office writes),
 * {@link #ADMIN} does everything (flags, keys, approvals). The route table is {@link AccessPolicy}.
 */
public enum Role {
    CLIENT, OPERATOR, ADMIN;

    /** The name used on the wire and the command line: {@code client}, {@code operator}, {@code admin}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether this role may do what {@code minimum} may. */
    public boolean atLeast(Role minimum) {
        return compareTo(minimum) >= 0;
    }

    /** The role called {@code name} ({@code client}, {@code operator} or {@code admin}). */
    public static Optional<Role> fromWireName(String name) {
        return Arrays.stream(values()).filter(r -> r.wireName().equals(name)).findFirst();
    }
}

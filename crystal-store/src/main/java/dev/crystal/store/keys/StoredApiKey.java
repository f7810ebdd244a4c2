package dev.crystal.store.keys;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One API key as stored: everything but the key itself, of which only the hash is kept.
 *
 * @param id        stable public id ({@code k_…})
 * @param name      the holder's name
 * @param role      {@code client}, {@code operator} or {@code admin}
 * @param customers customer ids a client key may read ({@code []}: any)
 * @param keyHash   hex SHA-256 of the key
 * @param createdAt when the key was made
 * @param revokedAt when it was revoked, or {@code null}
 */
public record StoredApiKey(String id, String name, String role, List<String> customers, String keyHash,
                           Instant createdAt, Instant revokedAt) {
    public StoredApiKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        customers = List.copyOf(customers);
        Objects.requireNonNull(keyHash, "keyHash");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** Whether the key has been revoked. */
    public boolean revoked() {
        return revokedAt != null;
    }
}

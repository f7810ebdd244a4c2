package dev.crystal.server.auth;

import dev.crystal.store.keys.JdbcApiKeyStore;
import dev.crystal.store.keys.StoredApiKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The platform's API keys: made at random, shown once, kept as SHA-256 hashes in a {@link JdbcApiKeyStore}.
 * Lookups read an in-memory copy of the (small) key table, reloaded after every local change and at most
 * {@link #DEFAULT_REFRESH} after a change made by another node of a cluster.
 *
 * <p>Thread-safety: any request thread; the copy is an immutable snapshot behind a volatile field, and one
 * thread at a time reloads it.
 */
public final class ApiKeys {
    /** How stale the in-memory copy may get before a lookup reloads it (changes by other cluster nodes). */
    public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(2);
    /** The name of the key made on first start. */
    public static final String FIRST_ADMIN_NAME = "admin";
    private static final String KEY_PREFIX = "crystal_";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.@\\-]{1,64}");
    private static final Pattern CUSTOMER = Pattern.compile("[A-Za-z0-9_.:\\-]{1,128}");
    private static final int MAX_CUSTOMERS = 1_000;

    /** A key as listed: everything but the secret. */
    public record ApiKey(String id, String name, Role role, List<String> customers, Instant createdAt,
                         Instant revokedAt) {
        /** Whether the key was revoked. */
        public boolean revoked() {
            return revokedAt != null;
        }
    }

    /** A new key and its secret, which is not kept anywhere and cannot be shown again. */
    public record Created(ApiKey key, String secret) {
    }

    /** A key that cannot be made as asked, with the offending field. */
    public static class InvalidKeyRequest extends IllegalArgumentException {
        private final String field;

        InvalidKeyRequest(String field, String message) {
            super(message);
            this.field = field;
        }

        /** The request field at fault. */
        public String field() {
            return field;
        }
    }

    /** A key named like a key that is still valid (names are compared ignoring case). */
    public static final class NameTaken extends InvalidKeyRequest {
        NameTaken(String message) {
            super("name", message);
        }
    }

    /**
     * One load of the key table. The callers of valid keys are built once per load (not per request), so a request
     * pays one SHA-256 and one map lookup; a revoked key is simply absent from them after the reload its revocation
     * triggers (at once on this node, within the refresh on others).
     */
    private record Snapshot(Map<String, Principal> validByHash, Map<String, Principal> validById,
                            Map<String, StoredApiKey> byId, long loadedAt) {
    }

    /** Cloned per hash: cheaper than looking the algorithm up among the providers on every request. */
    private static final MessageDigest SHA_256 = sha256();

    private final JdbcApiKeyStore store;
    private final InstantSource clock;
    private final long refreshNanos;
    private final SecureRandom random = new SecureRandom();
    private final AtomicBoolean reloading = new AtomicBoolean();
    private volatile Snapshot snapshot;

    public ApiKeys(JdbcApiKeyStore store, InstantSource clock, Duration refresh) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.refreshNanos = refresh.toNanos();
        this.snapshot = load();
    }

    public ApiKeys(JdbcApiKeyStore store, InstantSource clock) {
        this(store, clock, DEFAULT_REFRESH);
    }

    /** The caller behind {@code secret}, if it is a key that exists and is not revoked. */
    public Optional<Principal> authenticate(String secret) {
        if (secret == null || secret.isBlank() || secret.length() > 256) {
            return Optional.empty();
        }
        return Optional.ofNullable(fresh().validByHash().get(hash(secret)));
    }

    /** The caller holding key {@code id}, if it exists and is not revoked (for sessions). */
    public Optional<Principal> byId(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(fresh().validById().get(id));
    }

    /**
     * Makes a new key.
     *
     * @throws InvalidKeyRequest if the name is not 1-64 letters, digits, '_', '.', '@' or '-', or a customer list is
     *                           given for a role other than client
     * @throws NameTaken         if a valid key already has this name, ignoring case (a name stands for one holder)
     */
    public Created create(String name, Role role, List<String> customers) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidKeyRequest("name", "name must be 1-64 letters, digits, '_', '.', '@' or '-'");
        }
        Objects.requireNonNull(role, "role");
        Set<String> scope = new LinkedHashSet<>(customers == null ? List.of() : customers);
        if (!scope.isEmpty() && role != Role.CLIENT) {
            throw new InvalidKeyRequest("customers", "only client keys are limited to customers; "
                    + role.wireName() + " keys read every customer");
        }
        if (scope.size() > MAX_CUSTOMERS) {
            throw new InvalidKeyRequest("customers", "at most " + MAX_CUSTOMERS + " customers per key");
        }
        for (String customer : scope) {
            if (customer == null || !CUSTOMER.matcher(customer).matches()) {
                throw new InvalidKeyRequest("customers",
                        "customer ids must be 1-128 letters, digits, '_', '-', '.' or ':'");
            }
        }
        reload();
        refuseTakenName(name);
        String secret = newSecret();
        StoredApiKey stored = new StoredApiKey(newId(), name, role.wireName(), List.copyOf(scope), hash(secret),
                clock.instant(), null);
        try {
            store.insert(stored);
        } catch (RuntimeException e) {
            reload(); // another request took the name meanwhile (unique index), or the store failed
            refuseTakenName(name);
            throw e;
        }
        reload();
        return new Created(view(stored), secret);
    }

    private void refuseTakenName(String name) {
        snapshot.byId().values().stream().filter(k -> !k.revoked() && k.name().equalsIgnoreCase(name)).findFirst()
                .ifPresent(k -> {
                    throw new NameTaken("key " + k.id() + " is already called '" + k.name()
                            + "'; a name stands for one holder (revoke that key first to replace it)");
                });
    }

    /**
     * Makes the first admin key if the store has never held a key (first start of an empty data directory or
     * cluster); at most one caller, on any node, gets it.
     */
    public Optional<Created> createFirstAdmin() {
        String secret = newSecret();
        StoredApiKey stored = new StoredApiKey(newId(), FIRST_ADMIN_NAME, Role.ADMIN.wireName(), List.of(),
                hash(secret), clock.instant(), null);
        if (!store.insertFirst(stored)) {
            return Optional.empty();
        }
        reload();
        return Optional.of(new Created(view(stored), secret));
    }

    /** Every key (revoked ones too), oldest first; never a secret. */
    public List<ApiKey> list() {
        return store.list().stream().map(ApiKeys::view).toList();
    }

    /** Revoking it would leave the platform without a valid admin key. */
    public static final class LastAdminKey extends IllegalStateException {
        LastAdminKey(String message) {
            super(message);
        }
    }

    /**
     * Revokes key {@code id} at once on this node; returns the key, or empty if there is none with that id.
     *
     * @throws LastAdminKey if it is the only valid admin key (nobody could manage keys any more)
     */
    public Optional<ApiKey> revoke(String id) {
        reload();
        StoredApiKey target = id == null ? null : snapshot.byId().get(id);
        if (target != null && !target.revoked() && target.role().equals(Role.ADMIN.wireName())
                && snapshot.byId().values().stream().filter(k -> !k.revoked() && k.role().equals(Role.ADMIN.wireName()))
                .count() == 1) {
            throw new LastAdminKey("key " + id + " is the only valid admin key; make another admin key first");
        }
        if (id == null || !store.revoke(id, clock.instant())) {
            return Optional.empty();
        }
        reload();
        return Optional.ofNullable(snapshot.byId().get(id)).map(ApiKeys::view);
    }

    /** Hex SHA-256 of a key, as stored. */
    public static String hash(String secret) {
        MessageDigest digest;
        try {
            digest = (MessageDigest) SHA_256.clone();
        } catch (CloneNotSupportedException e) {
            digest = sha256();
        }
        return HexFormat.of().formatHex(digest.digest(secret.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    private Snapshot fresh() {
        Snapshot current = snapshot;
        if (System.nanoTime() - current.loadedAt() > refreshNanos && reloading.compareAndSet(false, true)) {
            try {
                reload();
            } finally {
                reloading.set(false);
            }
        }
        return snapshot;
    }

    private void reload() {
        snapshot = load();
    }

    private Snapshot load() {
        List<StoredApiKey> keys = store.list();
        Map<String, Principal> validByHash = new HashMap<>();
        Map<String, Principal> validById = new HashMap<>();
        for (StoredApiKey key : keys) {
            valid(key).ifPresent(principal -> {
                validByHash.put(key.keyHash(), principal);
                validById.put(key.id(), principal);
            });
        }
        return new Snapshot(Map.copyOf(validByHash), Map.copyOf(validById),
                keys.stream().collect(Collectors.toUnmodifiableMap(StoredApiKey::id, Function.identity())),
                System.nanoTime());
    }

    private static Optional<Principal> valid(StoredApiKey key) {
        if (key == null || key.revoked()) {
            return Optional.empty();
        }
        return Role.fromWireName(key.role()).map(role -> new Principal(key.id(), key.name(), role,
                Set.copyOf(key.customers())));
    }

    private static ApiKey view(StoredApiKey k) {
        return new ApiKey(k.id(), k.name(), Role.fromWireName(k.role()).orElseThrow(), k.customers(), k.createdAt(),
                k.revokedAt());
    }

    private String newSecret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private String newId() {
        byte[] bytes = new byte[6];
        random.nextBytes(bytes);
        return "k_" + HexFormat.of().formatHex(bytes);
    }
}

package dev.crystal.server.auth;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Browser sessions of the dashboard: {@code POST /session} trades an operator key for a random token kept in an
 * HttpOnly, SameSite=Strict cookie ({@value #COOKIE}), because a browser's EventSource cannot send headers.
 * A session stands for its key: revoking the key ends it. Kept in memory (a restart logs everybody out; in a
 * cluster a session is valid on the node that made it).
 *
 * <p>Thread-safety: any request thread (a concurrent map).
 */
public final class Sessions {
    /** The cookie holding the session token. */
    public static final String COOKIE = "crystal_session";
    public static final Duration DEFAULT_TTL = Duration.ofHours(12);
    /** At most this many live sessions; the oldest expiring go first. */
    public static final int MAX_SESSIONS = 10_000;

    private record Session(String keyId, Instant expires) {
    }

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final InstantSource clock;
    private final Duration ttl;

    public Sessions(InstantSource clock, Duration ttl) {
        this.clock = clock;
        this.ttl = ttl;
    }

    /** How long a session lasts. */
    public Duration ttl() {
        return ttl;
    }

    /** Opens a session for key {@code keyId}; returns its token. */
    public String open(String keyId) {
        Instant now = clock.instant();
        sessions.values().removeIf(s -> !s.expires().isAfter(now));
        while (sessions.size() >= MAX_SESSIONS) {
            sessions.entrySet().stream().min(Map.Entry.comparingByValue(
                            Comparator.comparing(Session::expires)))
                    .ifPresent(oldest -> sessions.remove(oldest.getKey()));
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        sessions.put(token, new Session(keyId, now.plus(ttl)));
        return token;
    }

    /** The key id behind {@code token}, if the session exists and has not expired. */
    public Optional<String> keyId(String token) {
        if (token == null) {
            return Optional.empty();
        }
        Session s = sessions.get(token);
        if (s == null) {
            return Optional.empty();
        }
        if (!s.expires().isAfter(clock.instant())) {
            sessions.remove(token);
            return Optional.empty();
        }
        return Optional.of(s.keyId());
    }

    /** Ends the session of {@code token} (logout). */
    public void close(String token) {
        if (token != null) {
            sessions.remove(token);
        }
    }
}

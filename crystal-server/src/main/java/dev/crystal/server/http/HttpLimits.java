package dev.crystal.server.http;

import java.time.Duration;
import java.util.Objects;

/**
 * Every bound the HTTP edge puts on what one client may cost: body size and reading time, JSON
 * shape, connections, server-sent-event subscribers and their buffers, stored metadata and the
 * request rate per key. Immutable and validated; each value has a named default (docs/security.md,
 * "Limits") and a {@code crystal serve} option.
 *
 * @param maxBodyBytes       largest request body, counted while it is read whatever its framing
 * @param bodyTimeout        longest time one request body may take to arrive (slow bodies are cut with 408)
 * @param idleTimeout        a connection with no bytes moving for this long is closed
 * @param maxConnections     most open connections; further clients wait in the accept backlog
 * @param maxNumberLength    longest JSON number, and longest plain rendering of any decimal (so an
 *                           exponent such as {@code 1e999999999} is refused, never expanded)
 * @param maxNestingDepth    deepest nesting of JSON objects and arrays
 * @param maxStringLength    longest JSON string
 * @param maxSseSubscribers  most subscribers of one event stream ({@code /ops/events}, {@code /messages/tail}); 503 beyond
 * @param sseBufferEvents    events buffered per subscriber; a subscriber that falls this far behind is dropped
 * @param sseReplayBytes     most bytes of history a new dashboard connection is sent before live views
 * @param maxMetadataBytes   largest stored settlement {@code metadata}, serialized
 * @param maxMetadataKeys    most keys in a settlement's {@code metadata}, counted at every level
 * @param rateLimit          requests per second allowed per key (or client address)
 */
public record HttpLimits(long maxBodyBytes, Duration bodyTimeout, Duration idleTimeout, int maxConnections,
                         int maxNumberLength, int maxNestingDepth, int maxStringLength, int maxSseSubscribers,
                         int sseBufferEvents, int sseReplayBytes, int maxMetadataBytes, int maxMetadataKeys,
                         RateLimit rateLimit) {
    /** Default largest request body: 1 MiB. */
    public static final long DEFAULT_MAX_BODY_BYTES = 1_048_576;
    /** Default time for one body to arrive: 30 s. */
    public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(30);
    /** Default connection idle timeout: 30 s. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    /** Default most open connections: 1,000. */
    public static final int DEFAULT_MAX_CONNECTIONS = 1_000;
    /** Default longest number (characters or plain digits): 40. */
    public static final int DEFAULT_MAX_NUMBER_LENGTH = 40;
    /** Default deepest JSON nesting: 32. */
    public static final int DEFAULT_MAX_NESTING_DEPTH = 32;
    /** Default longest JSON string: 100,000 characters. */
    public static final int DEFAULT_MAX_STRING_LENGTH = 100_000;
    /** Default most subscribers per event stream: 32. */
    public static final int DEFAULT_MAX_SSE_SUBSCRIBERS = 32;
    /** Default events buffered per subscriber: 256. */
    public static final int DEFAULT_SSE_BUFFER_EVENTS = 256;
    /** Default dashboard history replayed on connect: 128 KiB. */
    public static final int DEFAULT_SSE_REPLAY_BYTES = 128 * 1024;
    /** Default largest settlement metadata: 16 KiB serialized. */
    public static final int DEFAULT_MAX_METADATA_BYTES = 16 * 1024;
    /** Default most metadata keys: 64. */
    public static final int DEFAULT_MAX_METADATA_KEYS = 64;
    /** Default rate per key: 50,000 requests/s with a burst of as many (far above {@code crystal load}'s 20,000/s). */
    public static final RateLimit DEFAULT_RATE_LIMIT = new RateLimit(50_000, 50_000);

    public HttpLimits {
        positive("maxBodyBytes", maxBodyBytes);
        positive("bodyTimeout", bodyTimeout);
        positive("idleTimeout", idleTimeout);
        positive("maxConnections", maxConnections);
        atLeast("maxNumberLength", maxNumberLength, 20);
        atLeast("maxNestingDepth", maxNestingDepth, 2);
        atLeast("maxStringLength", maxStringLength, 16);
        positive("maxSseSubscribers", maxSseSubscribers);
        atLeast("sseBufferEvents", sseBufferEvents, 1);
        atLeast("sseReplayBytes", sseReplayBytes, 0);
        positive("maxMetadataBytes", maxMetadataBytes);
        positive("maxMetadataKeys", maxMetadataKeys);
        Objects.requireNonNull(rateLimit, "rateLimit");
    }

    /** All the defaults. */
    public static HttpLimits defaults() {
        return new HttpLimits(DEFAULT_MAX_BODY_BYTES, DEFAULT_BODY_TIMEOUT, DEFAULT_IDLE_TIMEOUT,
                DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_NUMBER_LENGTH, DEFAULT_MAX_NESTING_DEPTH,
                DEFAULT_MAX_STRING_LENGTH, DEFAULT_MAX_SSE_SUBSCRIBERS, DEFAULT_SSE_BUFFER_EVENTS,
                DEFAULT_SSE_REPLAY_BYTES, DEFAULT_MAX_METADATA_BYTES, DEFAULT_MAX_METADATA_KEYS, DEFAULT_RATE_LIMIT);
    }

    public HttpLimits withMaxBodyBytes(long value) {
        return new HttpLimits(value, bodyTimeout, idleTimeout, maxConnections, maxNumberLength, maxNestingDepth,
                maxStringLength, maxSseSubscribers, sseBufferEvents, sseReplayBytes, maxMetadataBytes, maxMetadataKeys,
                rateLimit);
    }

    public HttpLimits withBodyTimeout(Duration value) {
        return new HttpLimits(maxBodyBytes, value, idleTimeout, maxConnections, maxNumberLength, maxNestingDepth,
                maxStringLength, maxSseSubscribers, sseBufferEvents, sseReplayBytes, maxMetadataBytes, maxMetadataKeys,
                rateLimit);
    }

    public HttpLimits withIdleTimeout(Duration value) {
        return new HttpLimits(maxBodyBytes, bodyTimeout, value, maxConnections, maxNumberLength, maxNestingDepth,
                maxStringLength, maxSseSubscribers, sseBufferEvents, sseReplayBytes, maxMetadataBytes, maxMetadataKeys,
                rateLimit);
    }

    public HttpLimits withMaxConnections(int value) {
        return new HttpLimits(maxBodyBytes, bodyTimeout, idleTimeout, value, maxNumberLength, maxNestingDepth,
                maxStringLength, maxSseSubscribers, sseBufferEvents, sseReplayBytes, maxMetadataBytes, maxMetadataKeys,
                rateLimit);
    }

    /** A copy with other JSON shape limits. */
    public HttpLimits withJson(int numberLength, int nestingDepth, int stringLength) {
        return new HttpLimits(maxBodyBytes, bodyTimeout, idleTimeout, maxConnections, numberLength, nestingDepth,
                stringLength, maxSseSubscribers, sseBufferEvents, sseReplayBytes, maxMetadataBytes, maxMetadataKeys,
                rateLimit);
    }

    /** A copy with other event-stream limits. */
    public HttpLimits withSse(int subscribers, int bufferEvents, int replayBytes) {
        return new HttpLimits(maxBodyBytes, bodyTimeout, idleTimeout, maxConnections, maxNumberLength,
                maxNestingDepth, maxStringLength, subscribers, bufferEvents, replayBytes, maxMetadataBytes,
                maxMetadataKeys, rateLimit);
    }

    /** A copy with other metadata limits. */
    public HttpLimits withMetadata(int bytes, int keys) {
        return new HttpLimits(maxBodyBytes, bodyTimeout, idleTimeout, maxConnections, maxNumberLength,
                maxNestingDepth, maxStringLength, maxSseSubscribers, sseBufferEvents, sseReplayBytes, bytes, keys,
                rateLimit);
    }

    public HttpLimits withRateLimit(RateLimit value) {
        return new HttpLimits(maxBodyBytes, bodyTimeout, idleTimeout, maxConnections, maxNumberLength,
                maxNestingDepth, maxStringLength, maxSseSubscribers, sseBufferEvents, sseReplayBytes, maxMetadataBytes,
                maxMetadataKeys, value);
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be greater than zero, was " + value);
        }
    }

    private static void atLeast(String name, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be at least " + min + ", was " + value);
        }
    }

    private static void positive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, was " + value);
        }
    }
}

package dev.crystal.server.trace;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * W3C trace context ids derived from what Crystal already carries everywhere. The trace id of an operation is its
 * correlation id when that is a W3C trace id (32 lowercase hex digits: a request that came with {@code traceparent}
 * and no {@code X-Correlation-Id} gets it as its correlation id), otherwise 16 bytes of a hash of it; a hop's span id
 * is 8 bytes of a hash of its message id and worker. So every node computes the same ids for the same operation
 * without any extra field in envelopes, stream entries or jobs: the correlation id they already carry is the trace
 * context. Stateless.
 */
public final class OtelIds {
    private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");
    private static final HexFormat HEX = HexFormat.of();

    private OtelIds() {
    }

    /** A parsed {@code traceparent} header. */
    public record TraceParent(String traceId, String spanId) {
    }

    /** Parses a W3C {@code traceparent} (version 00); {@code null} when absent or invalid (all-zero ids too). */
    public static TraceParent parse(String header) {
        if (header == null) {
            return null;
        }
        var m = TRACEPARENT.matcher(header.trim());
        if (!m.matches() || m.group(1).chars().allMatch(c -> c == '0') || m.group(2).chars().allMatch(c -> c == '0')) {
            return null;
        }
        return new TraceParent(m.group(1), m.group(2));
    }

    /** The trace id of the operation {@code correlationId}. */
    public static String traceId(String correlationId) {
        if (TRACE_ID.matcher(correlationId).matches() && !correlationId.chars().allMatch(c -> c == '0')) {
            return correlationId;
        }
        return hash(correlationId, 16);
    }

    /** The span id of the hop keyed {@code key} (message id and worker, {@code http:<corr>}, a job attempt). */
    public static String spanId(String key) {
        return hash(key, 8);
    }

    /** The span id of an operation's HTTP request (what its root messages name as parent). */
    public static String httpSpanId(String correlationId) {
        return spanId("http:" + correlationId);
    }

    /** A {@code traceparent} header for the HTTP request of {@code correlationId}. */
    public static String traceparent(String correlationId) {
        return "00-" + traceId(correlationId) + "-" + httpSpanId(correlationId) + "-01";
    }

    private static String hash(String text, int bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            if (digest[0] == 0) {
                digest[0] = 1; // never the invalid all-zero id
            }
            return HEX.formatHex(digest, 0, bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}

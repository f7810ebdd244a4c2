package dev.crystal.server.http;

import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * Reads a request body while enforcing the size and time limits, whatever its framing: a declared
 * {@code Content-Length} over the limit (even beyond 2^31) is refused before a byte is read, and
 * chunked or lying bodies are counted as they arrive and refused as soon as they pass the limit,
 * so at most {@code maxBytes} are ever buffered. Stateless; runs on the request thread.
 */
final class BoundedBody {
    private static final int CHUNK = 8192;

    private BoundedBody() {
    }

    /** The 413 answer for a body over {@code maxBytes}. */
    static ApiError tooLarge(long maxBytes, long declared) {
        return new ApiError(413, "PAYLOAD_TOO_LARGE", null, (declared > 0 ? "request body of " + declared + " bytes"
                : "request body") + " exceeds the limit of " + maxBytes + " bytes");
    }

    /**
     * The whole body.
     *
     * @throws ApiError 413 {@code PAYLOAD_TOO_LARGE} past {@code maxBytes}, 408 {@code REQUEST_TIMEOUT}
     *                  when it takes longer than {@code timeout} or stalls
     */
    static byte[] read(Context ctx, long maxBytes, Duration timeout) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBytes) {
            ctx.header("Connection", "close");
            throw tooLarge(maxBytes, declared);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : CHUNK);
        byte[] chunk = new byte[CHUNK];
        try {
            InputStream in = ctx.req().getInputStream();
            long total = 0;
            int n;
            while ((n = in.read(chunk, 0, (int) Math.min(CHUNK, maxBytes + 1 - total))) > 0) {
                total += n;
                if (total > maxBytes) {
                    ctx.header("Connection", "close");
                    throw tooLarge(maxBytes, -1);
                }
                out.write(chunk, 0, n);
                if (System.nanoTime() - deadline > 0) {
                    throw slow(ctx, timeout);
                }
            }
        } catch (IOException e) {
            throw slow(ctx, timeout);
        }
        return out.toByteArray();
    }

    private static ApiError slow(Context ctx, Duration timeout) {
        ctx.header("Connection", "close");
        return new ApiError(408, "REQUEST_TIMEOUT", null, "the request body did not arrive completely within "
                + timeout.toMillis() + " ms");
    }
}

package dev.crystal.jobs.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The sandbox protocol between a parent and a child JVM: each frame is a 4-byte big-endian length and
 * that many bytes of UTF-8 JSON, an object of text fields with a {@code type}. Parent to child:
 * {@code job} (queue, id, name, data, correlationId, attemptsMade, maxAttempts) and {@code children}
 * (values: the answer to a children request). Child to parent: {@code ready} once, then per job any number
 * of {@code progress} (json), {@code log} (line) and {@code children} (a request), and one of
 * {@code completed} (json), {@code failed} (error, message, unrecoverable) or {@code oom} (message).
 * Stateless.
 */
final class SandboxFrames {
    /** Frames larger than this are refused (a corrupt stream, not a job). */
    static final int MAX_FRAME = 64 * 1024 * 1024;
    /** The exit code of a child that ran out of memory. */
    static final int OUT_OF_MEMORY_EXIT = 86;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> FIELDS = new TypeReference<>() {
    };

    private SandboxFrames() {
    }

    static void write(DataOutputStream out, Map<String, String> frame) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(frame);
        out.writeInt(bytes.length);
        out.write(bytes);
        out.flush();
    }

    /** The next frame, or {@code null} at the end of the stream. */
    static Map<String, String> read(DataInputStream in) throws IOException {
        int length;
        try {
            length = in.readInt();
        } catch (EOFException end) {
            return null;
        }
        if (length < 0 || length > MAX_FRAME) {
            throw new IOException("sandbox frame of " + length + " bytes");
        }
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
            return null;
        }
        return JSON.readValue(new String(bytes, StandardCharsets.UTF_8), FIELDS);
    }

    static ObjectMapper json() {
        return JSON;
    }
}

package dev.crystal.jobs;

import java.util.Arrays;

/**
 * What a {@link QueueEvent} reports, with BullMQ's {@code QueueEvents} names as codes. The set is closed:
 * readers may switch over it.
 */
public enum QueueEventKind {
    /** A job was stored ({@code data.name}); its first state event follows. */
    ADDED("added"),
    /** The job is ready to be claimed (state {@code waiting} or {@code prioritized}; {@code data.prev}). */
    WAITING("waiting"),
    /** A flow parent waits for its children. */
    WAITING_CHILDREN("waiting-children"),
    /** The job waits until {@code data.delay} (epoch millis). */
    DELAYED("delayed"),
    /** A worker claimed the job ({@code data.prev}). */
    ACTIVE("active"),
    /** A processor reported progress ({@code data.progress}, JSON text). */
    PROGRESS("progress"),
    /** The job completed ({@code data.returnvalue}, JSON text, cut to 1000 characters). */
    COMPLETED("completed"),
    /**
     * An attempt failed ({@code data.failedReason}, {@code data.attemptsMade}); {@code data.retrying} is
     * {@code true} when a {@link #RETRYING} event and another attempt follow, {@code false} when the job
     * is now in state {@code failed}.
     */
    FAILED("failed"),
    /** The job will be attempted again ({@code data.attemptsMade}); a waiting or delayed event follows. */
    RETRYING("retrying"),
    /** The job's lock expired while active; a waiting (or failed) event follows. */
    STALLED("stalled"),
    /** The job was deleted (remove, clean, retention; {@code data.prev} is its last state). */
    REMOVED("removed");

    private final String code;

    QueueEventKind(String code) {
        this.code = code;
    }

    /** The stored and printed name ({@code added}, {@code waiting-children}, …). */
    public String code() {
        return code;
    }

    /**
     * The kind with this code.
     *
     * @throws IllegalArgumentException naming the valid codes
     */
    public static QueueEventKind ofCode(String code) {
        for (QueueEventKind kind : values()) {
            if (kind.code.equals(code)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown queue event kind '" + code + "'; kinds: "
                + Arrays.stream(values()).map(QueueEventKind::code).toList());
    }
}

package dev.crystal.redis.jobs;

import dev.crystal.jobs.QueueEvent;
import dev.crystal.jobs.QueueEventKind;
import dev.crystal.jobs.spi.JobEventLog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Redis {@link JobEventLog}: one stream per queue ({@code {prefix}:q:<len>:<queue>:events}) that the job
 * scripts append to. An event's id is its stream id {@code ms-seq} packed as {@code ms << 20 | seq}, so
 * ids grow in stream order and its time is the stream id's millisecond part (the Redis server's clock).
 * Stateless.
 */
final class RedisEventLog implements JobEventLog {
    private static final int SEQ_BITS = 20;
    private static final long SEQ_MASK = (1L << SEQ_BITS) - 1;

    private final LuaScripts scripts;

    RedisEventLog(LuaScripts scripts) {
        this.scripts = scripts;
    }

    @Override
    public List<QueueEvent> read(String queue, long afterId, int max) {
        ReplyCursor reply = scripts.list("events_read", List.of(queue, streamId(Math.max(0, afterId)),
                Integer.toString(max)));
        List<QueueEvent> events = new ArrayList<>();
        while (reply.hasMore()) {
            long id = packed(reply.text());
            QueueEventKind kind = QueueEventKind.ofCode(reply.text());
            String jobId = reply.text();
            int fields = reply.integer();
            Map<String, String> data = new HashMap<>();
            for (int k = 0; k < fields; k += 2) {
                data.put(reply.text(), reply.text());
            }
            events.add(new QueueEvent(id, queue, jobId, kind, Instant.ofEpochMilli(id >>> SEQ_BITS), data));
        }
        return events;
    }

    @Override
    public long lastId(String queue) {
        String last = scripts.text("events_last", List.of(queue));
        return last.isEmpty() ? 0 : packed(last);
    }

    static String streamId(long packed) {
        return (packed >>> SEQ_BITS) + "-" + (packed & SEQ_MASK);
    }

    static long packed(String streamId) {
        int dash = streamId.indexOf('-');
        long ms = Long.parseLong(streamId, 0, dash, 10);
        long seq = Long.parseLong(streamId, dash + 1, streamId.length(), 10);
        if (seq > SEQ_MASK) {
            throw new IllegalStateException("stream id " + streamId + " has a sequence above " + SEQ_MASK);
        }
        return ms << SEQ_BITS | seq;
    }
}
